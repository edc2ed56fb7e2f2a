package hyper.queue.redis;

/**
 * The Lua scripts of the Redis queue: each change that touches more than one key is one script, atomic on the
 * server, so no crash of hyper-nano or Redis leaves a job half-moved. {@code ARGV[1]} is always the key
 * prefix ({@code <prefix>:queue:}); times are Redis's own clock ({@code TIME}), shared by every server.
 */
final class Scripts {

    private Scripts() {}

    /** The key prefix, Redis's time in milliseconds, and whether a queue exists. */
    private static final String PRELUDE = """
            if redis.replicate_commands then redis.replicate_commands() end
            local base = ARGV[1]
            local function now()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            local function exists(name) return redis.call('ZSCORE', base .. 'queues', name) end
            """;

    /** ARGV: 2 name, 3 target, 4 '1' if there is a secret, 5 secret, 6 retries or ''. 1, or 0 if it exists. */
    static final String CREATE = PRELUDE + """
            if exists(ARGV[2]) then return 0 end
            local q = base .. 'q:' .. ARGV[2]
            redis.call('ZADD', base .. 'queues', redis.call('INCR', base .. 'next'), ARGV[2])
            redis.call('DEL', q)
            redis.call('HSET', q, 'target', ARGV[3])
            if ARGV[4] == '1' then redis.call('HSET', q, 'secret', ARGV[5]) end
            if ARGV[6] ~= '' then redis.call('HSET', q, 'retries', ARGV[6]) end
            return 1
            """;

    /** ARGV: 2 name. Deletes the queue with every job of it: 1, or 0 if there is no such queue. */
    static final String DESTROY = PRELUDE + """
            if not exists(ARGV[2]) then return 0 end
            local q = base .. 'q:' .. ARGV[2]
            for _, set in ipairs({q .. ':ready', q .. ':error'}) do
              for _, id in ipairs(redis.call('ZRANGE', set, 0, -1)) do
                redis.call('UNLINK', base .. 'j:' .. id)
              end
            end
            redis.call('UNLINK', q, q .. ':ready', q .. ':error', q .. ':due')
            redis.call('ZREM', base .. 'queues', ARGV[2])
            return 1
            """;

    /**
     * ARGV: 2 name, 3 body, 4 status, 5 error, 6 enqueued (ms). Stores a job, due at once when READY: its new
     * id, or -1 if there is no such queue.
     */
    static final String ADD = PRELUDE + """
            if not exists(ARGV[2]) then return -1 end
            local q = base .. 'q:' .. ARGV[2]
            local id = redis.call('INCR', base .. 'ids')
            local j = base .. 'j:' .. id
            redis.call('HSET', j, 'queue', ARGV[2], 'body', ARGV[3], 'status', ARGV[4], 'enqueued', ARGV[6],
              'attempt', 0)
            if ARGV[4] == 'READY' then
              redis.call('ZADD', q .. ':ready', id, id)
              redis.call('ZADD', q .. ':due', now(), id)
            else
              if ARGV[5] ~= '' then redis.call('HSET', j, 'error', ARGV[5]) end
              redis.call('ZADD', q .. ':error', id, id)
            end
            return id
            """;

    /**
     * ARGV: 2 lease (ms), 3 token, 4 most jobs in flight per queue, then (queue, jobs in flight) for each queue
     * this server is delivering to. Claims every queue's due jobs, as many as fit: each stays due, but only
     * once its lease has passed, so another server takes it if this one stops renewing. Returns (queue,
     * target, '0' or '1'..secret, retries or '', id, body, failed attempts) per claimed job. One script for
     * all queues, so a poll is one round trip however many queues there are.
     */
    static final String CLAIM = PRELUDE + """
            local t = now()
            local busy = {}
            for i = 5, #ARGV, 2 do busy[ARGV[i]] = tonumber(ARGV[i + 1]) end
            local out = {}
            for _, name in ipairs(redis.call('ZRANGE', base .. 'queues', 0, -1)) do
              local room = tonumber(ARGV[4]) - (busy[name] or 0)
              local q = base .. 'q:' .. name
              if room > 0 then
                local due = redis.call('ZRANGEBYSCORE', q .. ':due', '-inf', t, 'LIMIT', 0, room)
                if #due > 0 then
                  local queue = redis.call('HMGET', q, 'target', 'secret', 'retries')
                  local secret = queue[2] and ('1' .. queue[2]) or '0'
                  for _, id in ipairs(due) do
                    local j = base .. 'j:' .. id
                    local job = redis.call('HMGET', j, 'body', 'attempt', 'status')
                    if job[1] and job[3] == 'READY' and queue[1] then
                      redis.call('ZADD', q .. ':due', t + tonumber(ARGV[2]), id)
                      redis.call('HSET', j, 'lease', ARGV[3])
                      for _, field in ipairs({name, queue[1], secret, queue[3] or '', id, job[1], job[2]}) do
                        table.insert(out, field)
                      end
                    else
                      redis.call('ZREM', q .. ':due', id)
                    end
                  end
                end
              end
            end
            return out
            """;

    /** ARGV: 2 lease (ms), then (queue, id, token) per job in flight. Extends the leases still held. */
    static final String RENEW = PRELUDE + """
            local t = now()
            local renewed = 0
            for i = 3, #ARGV, 3 do
              if redis.call('HGET', base .. 'j:' .. ARGV[i + 1], 'lease') == ARGV[i + 2] then
                redis.call('ZADD', base .. 'q:' .. ARGV[i] .. ':due', 'XX', t + tonumber(ARGV[2]), ARGV[i + 1])
                renewed = renewed + 1
              end
            end
            return renewed
            """;

    /** ARGV: 2 id. The target took the job: it is deleted (whoever holds its lease). 1, or 0 if it is gone. */
    static final String DELIVERED = PRELUDE + """
            local j = base .. 'j:' .. ARGV[2]
            local job = redis.call('HMGET', j, 'queue', 'status')
            if not job[1] or job[2] ~= 'READY' then return 0 end
            local q = base .. 'q:' .. job[1]
            redis.call('DEL', j)
            redis.call('ZREM', q .. ':ready', ARGV[2])
            redis.call('ZREM', q .. ':due', ARGV[2])
            return 1
            """;

    /**
     * ARGV: 2 id, 3 token, 4 why, 5 '1' if it was the last attempt, 6 wait before the next (ms). A failed
     * attempt, recorded only by the lease's holder: the job is due again after the wait, or listed as ERROR.
     */
    static final String FAILED = PRELUDE + """
            local j = base .. 'j:' .. ARGV[2]
            local job = redis.call('HMGET', j, 'queue', 'status', 'lease')
            if not job[1] or job[2] ~= 'READY' or job[3] ~= ARGV[3] then return 0 end
            local q = base .. 'q:' .. job[1]
            redis.call('HDEL', j, 'lease')
            if ARGV[5] == '1' then
              redis.call('HSET', j, 'status', 'ERROR', 'error', ARGV[4])
              redis.call('ZREM', q .. ':due', ARGV[2])
              redis.call('ZREM', q .. ':ready', ARGV[2])
              redis.call('ZADD', q .. ':error', ARGV[2], ARGV[2])
            else
              redis.call('HINCRBY', j, 'attempt', 1)
              redis.call('ZADD', q .. ':due', now() + tonumber(ARGV[6]), ARGV[2])
            end
            return 1
            """;

    /** ARGV: 2 id, 3 token. A delivery cut short by a shutdown: the job is due at once, for any server. */
    static final String RELEASE = PRELUDE + """
            local j = base .. 'j:' .. ARGV[2]
            local job = redis.call('HMGET', j, 'queue', 'lease')
            if not job[1] or job[2] ~= ARGV[3] then return 0 end
            redis.call('HDEL', j, 'lease')
            redis.call('ZADD', base .. 'q:' .. job[1] .. ':due', 'XX', now(), ARGV[2])
            return 1
            """;

    /** ARGV: 2 name, 3 id. Deletes a job in any status: 1, 0 if the queue has no such job, -1 if no queue. */
    static final String CANCEL = PRELUDE + """
            if not exists(ARGV[2]) then return -1 end
            local j = base .. 'j:' .. ARGV[3]
            if redis.call('HGET', j, 'queue') ~= ARGV[2] then return 0 end
            local q = base .. 'q:' .. ARGV[2]
            redis.call('DEL', j)
            redis.call('ZREM', q .. ':ready', ARGV[3])
            redis.call('ZREM', q .. ':error', ARGV[3])
            redis.call('ZREM', q .. ':due', ARGV[3])
            return 1
            """;

    /**
     * ARGV: 2 name, 3 id, 4 enqueued (ms). Puts an ERROR job back, due at once with its attempts reset: 1, 0
     * if the queue has no such failed job, -1 if no queue.
     */
    static final String RETRY = PRELUDE + """
            if not exists(ARGV[2]) then return -1 end
            local j = base .. 'j:' .. ARGV[3]
            local job = redis.call('HMGET', j, 'queue', 'status')
            if job[1] ~= ARGV[2] or job[2] ~= 'ERROR' then return 0 end
            local q = base .. 'q:' .. ARGV[2]
            redis.call('HSET', j, 'status', 'READY', 'enqueued', ARGV[4], 'attempt', 0)
            redis.call('HDEL', j, 'error', 'lease')
            redis.call('ZREM', q .. ':error', ARGV[3])
            redis.call('ZADD', q .. ':ready', ARGV[3], ARGV[3])
            redis.call('ZADD', q .. ':due', now(), ARGV[3])
            return 1
            """;

    /**
     * ARGV: 2 name, 3 status ('' for any), 4 smallest id, 5 most jobs (-1: all). The jobs oldest first as
     * (id, status, body, enqueued, error or '') each; -1 if there is no such queue.
     */
    static final String LIST = PRELUDE + """
            if not exists(ARGV[2]) then return -1 end
            local q = base .. 'q:' .. ARGV[2]
            local limit = tonumber(ARGV[5])
            local ids = {}
            for _, status in ipairs({'READY', 'ERROR'}) do
              if ARGV[3] == '' or ARGV[3] == status then
                local set = q .. (status == 'READY' and ':ready' or ':error')
                for _, id in ipairs(redis.call('ZRANGEBYSCORE', set, ARGV[4], '+inf', 'LIMIT', 0, limit)) do
                  table.insert(ids, id)
                end
              end
            end
            table.sort(ids, function(a, b) return tonumber(a) < tonumber(b) end)
            local out = {}
            for i, id in ipairs(ids) do
              if limit >= 0 and i > limit then break end
              local job = redis.call('HMGET', base .. 'j:' .. id, 'status', 'body', 'enqueued', 'error')
              if job[1] then
                table.insert(out, id)
                table.insert(out, job[1])
                table.insert(out, job[2])
                table.insert(out, job[3])
                table.insert(out, job[4] or '')
              end
            end
            return out
            """;
}
