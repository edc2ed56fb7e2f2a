package hyper.data;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.WriteBuffer;

/**
 * The documents of the embedded engine's collections, written to the file as BSON instead of through Java
 * serialisation, which is several times slower both ways: on every commit of a changed page and on every
 * page read back from the file (a scan of a collection larger than the store's cache reads them all).
 *
 * <p>A document written here is in the type's own form ({@link OwnFormType}); any other value, and a
 * document H2's default type wrote before (a file of an earlier version), is left to that type. So files of
 * either kind are read without a rewrite, and a page takes the new form when it is next written. A document
 * BSON cannot hold (no value the wire protocol brings is such) is written as before, never lost.
 */
final class BsonDocumentType extends OwnFormType {

    /** The builder of a collection's map: H2's default keys (the ids), documents of this type. */
    static MVMap.Builder<Object, Object> mapBuilder() {
        return new MVMap.Builder<Object, Object>().valueType(new BsonDocumentType());
    }

    @Override
    public void write(WriteBuffer buffer, Object value) {
        if (value instanceof Document document) {
            ByteBuf bson = Unpooled.buffer(512);
            try {
                BsonEncoder.encodeDocument(document, bson);
            } catch (RuntimeException e) {
                defaults.write(buffer, value);
                return;
            }
            buffer.put(OWN).put(bson.array(), bson.arrayOffset() + bson.readerIndex(), bson.readableBytes());
        } else {
            defaults.write(buffer, value);
        }
    }

    @Override
    public Object read(ByteBuffer buffer) {
        if (!isOwnForm(buffer)) {
            return defaults.read(buffer);
        }
        int start = buffer.position();
        // a BSON document begins with its own length, little-endian
        int length = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(start + 1);
        ByteBuf bson = Unpooled.wrappedBuffer(buffer.slice(start + 1, length));
        Document document = BsonDecoder.decodeBson(bson);
        buffer.position(start + 1 + length);
        return document;
    }

    @Override
    public int getMemory(Object value) {
        return defaults.getMemory(value);
    }

    @Override
    public int compare(Object a, Object b) {
        return defaults.compare(a, b);
    }
}
