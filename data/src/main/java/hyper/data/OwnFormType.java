package hyper.data;

import java.nio.ByteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * An H2 data type of the embedded engine's maps that writes some values in a form of its own and leaves the
 * rest to H2's default type, which also reads what that type wrote before (files of earlier versions). A
 * value in the own form starts with {@link #OWN}, a byte H2's default type never starts a value with (its
 * tags stay below 120), so each value says how it was written.
 */
abstract class OwnFormType extends BasicDataType<Object> {

    /** The first byte of a value in the own form. */
    static final byte OWN = 127;

    /** H2's default type: values not in the own form, written now or before. */
    final ObjectDataType defaults = new ObjectDataType();

    /** Whether the value at the buffer's position is in the own form (the position does not move). */
    static boolean isOwnForm(ByteBuffer buffer) {
        return buffer.get(buffer.position()) == OWN;
    }

    @Override
    public Object[] createStorage(int size) {
        return new Object[size];
    }

    @Override
    public boolean equals(Object other) {
        return other != null && other.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }
}
