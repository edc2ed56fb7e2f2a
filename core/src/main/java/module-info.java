/**
 * The ports of hyper-nano's five services, their value records and the one error type.
 * Adapters implement these interfaces; the server calls them. Depends on nothing but java.base.
 */
module hyper.core {
    exports hyper.core;
    exports hyper.core.cache;
    exports hyper.core.data;
    exports hyper.core.storage;
    exports hyper.core.search;
    exports hyper.core.queue;
    exports hyper.core.engine;
}
