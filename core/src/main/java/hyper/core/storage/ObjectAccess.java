package hyper.core.storage;

/** What a presigned URL lets its holder do with one object. */
public enum ObjectAccess {
    /** Read the object ({@code GET}). */
    DOWNLOAD,
    /** Write the object ({@code PUT} of its raw bytes). */
    UPLOAD
}
