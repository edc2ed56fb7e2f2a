package hyper.http;

import hyper.core.Service;
import hyper.core.queue.Job;
import hyper.core.queue.JobStatus;
import hyper.core.queue.QueueName;
import hyper.core.queue.QueuePort;
import hyper.core.queue.QueueTarget;
import java.net.URI;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** The queue routes of the hyper API, plus the {@code _retry} extension. */
final class QueueRoutes implements Router.Routes {

    /** The original's {@code timestmp}: ISO-8601 in UTC with milliseconds, as JavaScript prints dates. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final QueuePort queue;

    QueueRoutes(QueuePort queue) {
        this.queue = queue;
    }

    @Override
    public Optional<Service> service() {
        return Optional.of(Service.QUEUE);
    }

    @Override
    public void register(Router r) {
        r.get("/queue", this::info);
        r.put("/queue/{name}", this::create);
        r.delete("/queue/{name}", call -> {
            queue.destroy(name(call));
            call.ok(201);
        });
        r.post("/queue/{name}", call -> {
            QueueName name = name(call);
            long id = queue.enqueue(name, call.jsonObject(Call.JSON_LIMIT, "job"));
            call.ok(201, "id", id);
        });
        r.get("/queue/{name}", this::list);
        r.post("/queue/{name}/{id}/_cancel", call -> {
            queue.cancel(name(call), call.param("id"));
            call.ok(201);
        });
        r.post("/queue/{name}/{id}/_retry", call -> {
            queue.retry(name(call), call.param("id"));
            call.ok(201);
        });
    }

    private void info(Call call) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", "queue");
        info.put("version", "0.0.4");
        info.put("queues", queue.queues());
        call.send(200, info);
    }

    private void create(Call call) {
        QueueName name = name(call);
        Map<String, Object> body = call.jsonObject(Call.JSON_LIMIT, "target");
        URI target = QueueTarget.parseUrl(Args.string(body, "target"))
                .orElseThrow(() -> Args.invalid("target", "Invalid url."));
        Optional<String> secret = switch (body.get("secret")) {
            case null -> Optional.empty();
            case String s when s.length() > QueueTarget.MAX_SECRET -> throw Args.invalid("secret",
                    "String must contain at most " + QueueTarget.MAX_SECRET + " character(s).");
            case String s -> Optional.of(s);
            case Object other -> throw Args.wrongType("secret", "string", other);
        };
        OptionalInt retries = switch (body.get("retries")) {
            case null -> OptionalInt.empty();
            case Integer n when !QueueTarget.isRetryCount(n) -> throw Args.invalid("retries",
                    "Number must be between 0 and " + QueueTarget.MAX_RETRIES + ".");
            case Integer n -> OptionalInt.of(n);
            case Object other -> throw Args.wrongType("retries", "integer", other);
        };
        queue.create(name, new QueueTarget(target, secret, retries));
        call.ok(201);
    }

    private void list(Call call) {
        QueueName name = name(call);
        String text = call.query("status").orElseThrow(() -> Args.required("status"));
        JobStatus status = switch (text) {
            case "READY" -> JobStatus.READY;
            case "ERROR" -> JobStatus.ERROR;
            default -> throw Args.invalid("status", "Invalid enum value. Expected 'READY' | 'ERROR', received '"
                    + text + "'.");
        };
        List<Map<String, Object>> jobs = queue.jobs(name, status).stream().map(QueueRoutes::listed).toList();
        call.ok(200, "jobs", jobs);
    }

    private static Map<String, Object> listed(Job job) {
        Map<String, Object> listed = new LinkedHashMap<>();
        listed.put("id", job.id());
        listed.put("job", job.job());
        listed.put("status", job.status().name());
        listed.put("queue", job.queue());
        listed.put("timestmp", TIMESTAMP.format(job.enqueued()));
        job.error().ifPresent(error -> listed.put("error", error));
        return listed;
    }

    private static QueueName name(Call call) {
        return QueueName.of(call.param("name"));
    }
}
