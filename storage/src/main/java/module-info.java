/** The storage port on the local file system: one folder per bucket, one file per object. */
module hyper.storage {
    requires hyper.core;

    exports hyper.storage;

    provides hyper.core.engine.StorageProvider with hyper.storage.FileSystemStorageProvider;
}
