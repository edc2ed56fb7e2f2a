package hyper.storage;

import hyper.core.HyperException;
import hyper.core.HyperException.Fact;
import hyper.core.storage.StoredObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An object's file held open for reading. Its size is taken once, when it is opened, and every range is read
 * from that one open file: an upload renamed over the name meanwhile does not change what this reader sees.
 */
final class OpenObject implements StoredObject {

    private static final int COPY_BUFFER = 64 * 1024;

    private final FileChannel channel;
    private final long size;

    private OpenObject(FileChannel channel, long size) {
        this.channel = channel;
        this.size = size;
    }

    /** Opens the regular file {@code file}, never following a symbolic link; ITEM_NOT_FOUND if there is none. */
    static OpenObject open(Path file) {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw HyperException.of(Fact.ITEM_NOT_FOUND);
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            try {
                return new OpenObject(channel, channel.size());
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw HyperException.of(Fact.ITEM_NOT_FOUND);
        } catch (IOException e) {
            throw HyperException.failed("cannot read object: " + e.getMessage(), e);
        }
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void copyTo(long offset, long length, OutputStream out) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER];
        ByteBuffer view = ByteBuffer.wrap(buffer);
        long position = offset;
        long end = Math.min(size, offset + length);
        while (position < end) {
            view.clear().limit((int) Math.min(buffer.length, end - position));
            int n = channel.read(view, position);
            if (n < 0) {
                throw new IOException("object shrank while it was read");
            }
            out.write(buffer, 0, n);
            position += n;
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
