/** The storage port on the local file system: one folder per bucket, one file per object. */
module hyper.storage {
    requires hyper.core;

    exports hyper.storage;
}
