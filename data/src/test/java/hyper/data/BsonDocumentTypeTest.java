package hyper.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

/** Stored documents written as BSON, and read back whichever way they were written. */
class BsonDocumentTypeTest {

    private final BsonDocumentType type = new BsonDocumentType();

    private static Document everyKind() {
        return new Document("_id", new ObjectId())
                .append("s", "é ü \u0000 text")
                .append("i", 42)
                .append("l", 1L << 40)
                .append("d", -0.5)
                .append("nan", Double.NaN)
                .append("b", true)
                .append("n", null)
                .append("when", Instant.ofEpochMilli(1_700_000_000_123L))
                .append("uuid", UUID.randomUUID())
                .append("dec", new Decimal128(1L, 2L))
                .append("ts", new BsonTimestamp(5L))
                .append("min", MinKey.getInstance())
                .append("max", MaxKey.getInstance())
                .append("list", Arrays.asList(1, "two", new Document("three", 3.0), List.of()))
                .append("sub", new Document("a", new Document("b", List.of(1.5, 2.5))));
    }

    @Test
    void aDocumentIsWrittenAsBsonAndReadBackEqual() {
        Document doc = everyKind();
        ByteBuffer written = write(buffer -> type.write(buffer, doc));
        assertEquals(127, written.get(0), "tagged as BSON");
        assertEquals(doc, type.read(written));
        assertEquals(1, written.remaining(), "the read stops at the document's end");
    }

    @Test
    void aDocumentWrittenByTheEarlierVersionIsRead() {
        Document doc = everyKind();
        // Java serialisation makes new MinKey and MaxKey objects, equal to nothing: the earlier version lost them
        doc.remove("min");
        doc.remove("max");
        ByteBuffer written = write(buffer -> new ObjectDataType().write(buffer, doc));
        assertEquals(doc, type.read(written));
        assertEquals(1, written.remaining());
    }

    @Test
    void whatBsonCannotHoldIsWrittenAsBeforeAndNotLost() {
        Document doc = new Document("day", LocalDate.of(2026, 12, 3));
        ByteBuffer written = write(buffer -> type.write(buffer, doc));
        assertEquals(doc, type.read(written));
        assertEquals(1, written.remaining());
        ByteBuffer other = write(buffer -> type.write(buffer, "not a document"));
        assertEquals("not a document", type.read(other));
    }

    /** What {@code writer} writes, followed by one byte that must stay unread, ready to read. */
    private static ByteBuffer write(java.util.function.Consumer<WriteBuffer> writer) {
        WriteBuffer buffer = new WriteBuffer();
        writer.accept(buffer);
        buffer.put((byte) 1);
        return buffer.getBuffer().flip();
    }
}
