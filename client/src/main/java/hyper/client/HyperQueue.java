package hyper.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The queue service of one domain: jobs POSTed to a webhook ({@code hyper.queue} in hyper-connect), plus
 * {@link #retry} and {@link #cancel}, which hyper-connect does not have. A target verifies the
 * {@code X-HYPER-SIGNATURE} header of each delivery with {@link HyperSignature#verify}.
 */
public final class HyperQueue {

    private final Transport t;
    private final URI url;

    HyperQueue(Transport t) {
        this.t = t;
        this.url = t.connection.serviceUrl("queue");
    }

    /** Posts a job (a JSON object) for delivery to the queue's target. {@code POST /queue/{name}} */
    public EnqueueResult enqueue(Object job) {
        Transport.Reply r = t.json("POST", url, Objects.requireNonNull(job, "job"));
        return new EnqueueResult(r.ok(), r.status(), r.msg(), r.body().path("id").asLong(0));
    }

    /** The jobs waiting for (or in) delivery, oldest first. {@code GET /queue/{name}?status=READY} */
    public JobsResult<Map<String, Object>> queued() {
        return jobs("READY", t.mapType());
    }

    /** As {@link #queued()}, each job as {@code type}. */
    public <T> JobsResult<T> queued(Class<T> type) {
        return jobs("READY", t.type(type));
    }

    /** The jobs whose delivery failed, oldest first, with the reason. {@code GET /queue/{name}?status=ERROR} */
    public JobsResult<Map<String, Object>> errors() {
        return jobs("ERROR", t.mapType());
    }

    /** As {@link #errors()}, each job as {@code type}. */
    public <T> JobsResult<T> errors(Class<T> type) {
        return jobs("ERROR", t.type(type));
    }

    private <T> JobsResult<T> jobs(String status, JavaType type) {
        Transport.Reply r = t.json("GET", URI.create(url + Transport.query(Map.of("status", status))), null);
        List<QueuedJob<T>> jobs = r.ok() ? t.list(r.body().path("jobs"), n -> job(n, type)) : List.of();
        return new JobsResult<>(r.ok(), r.status(), r.msg(), jobs);
    }

    private <T> QueuedJob<T> job(JsonNode n, JavaType type) {
        JsonNode error = n.path("error");
        return new QueuedJob<>(n.path("id").asLong(), t.convert(n.path("job"), type), n.path("status").asText(),
                n.path("queue").asText(), n.path("timestmp").asText(),
                error.isValueNode() ? Optional.of(error.asText()) : Optional.empty());
    }

    /** Creates the queue, delivering to {@code target} unsigned. {@code PUT /queue/{name}} */
    public Result create(String target) {
        return create(target, null);
    }

    /** Creates the queue, delivering to {@code target}, signed with {@code secret} (null: unsigned). */
    public Result create(String target, String secret) {
        return create(Objects.requireNonNull(target, "target"), secret, null);
    }

    /**
     * Creates the queue with a number of retries for failed deliveries instead of the server's default
     * (a hyper-nano extension, 0 to 10).
     */
    public Result create(String target, String secret, int retries) {
        return create(Objects.requireNonNull(target, "target"), secret, Integer.valueOf(retries));
    }

    private Result create(String target, String secret, Integer retries) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("target", target);
        if (secret != null) {
            body.put("secret", secret);
        }
        if (retries != null) {
            body.put("retries", retries);
        }
        return Replies.result(t.json("PUT", url, body));
    }

    /**
     * Deletes the queue and its jobs. {@code DELETE /queue/{name}}
     *
     * @param confirm must be true, as in hyper-connect
     * @throws IllegalArgumentException if not confirmed (no request is sent)
     */
    public Result destroy(boolean confirm) {
        Hyper.confirm(confirm);
        return Replies.result(t.json("DELETE", url, null));
    }

    /** Puts a job in {@code ERROR} back for delivery. {@code POST /queue/{name}/{id}/_retry} */
    public Result retry(long id) {
        return Replies.result(t.json("POST", URI.create(url + "/" + id + "/_retry"), null));
    }

    /** Deletes a job so that it is not delivered. {@code POST /queue/{name}/{id}/_cancel} */
    public Result cancel(long id) {
        return Replies.result(t.json("POST", URI.create(url + "/" + id + "/_cancel"), null));
    }
}
