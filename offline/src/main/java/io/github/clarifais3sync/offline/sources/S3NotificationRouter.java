package io.github.clarifais3sync.offline.sources;

import io.github.clarifais3sync.offline.Log;
import io.github.clarifais3sync.offline.lambda.LambdaFunction;
import io.github.clarifais3sync.offline.template.Specs.S3EventSpec;
import java.util.List;

/**
 * The bucket notification configuration SAM derives from the functions' {@code Type: S3} events: each notification
 * goes, asynchronously, to every function with an event on that bucket whose event type and key filter match
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html).
 */
public final class S3NotificationRouter {

    /** One S3 event of one function, with the bucket's local name. */
    public record Subscription(LambdaFunction function, S3EventSpec event, String bucketName) {}

    private final List<Subscription> subscriptions;
    private final AsyncInvoker invoker;

    public S3NotificationRouter(List<Subscription> subscriptions, AsyncInvoker invoker) {
        this.subscriptions = List.copyOf(subscriptions);
        this.invoker = invoker;
    }

    /**
     * @param key       the decoded object key (filters compare it)
     * @param eventName without the {@code s3:} prefix, e.g. {@code ObjectCreated:Put}
     * @param json      the notification, {@code {"Records":[...]}}, exactly as S3 sends it
     */
    public void route(String bucket, String key, String eventName, String json) {
        boolean delivered = false;
        for (Subscription subscription : subscriptions) {
            if (subscription.bucketName().equals(bucket) && subscription.event().matches(eventName, key)) {
                invoker.invoke(subscription.function(), json, "s3");
                delivered = true;
            }
        }
        Log.debug(
                "s3-source.notification", "bucket", bucket, "key", key, "eventName", eventName, "delivered", delivered);
    }
}
