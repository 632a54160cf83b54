/**
 * AWS emulators of the offline stack, with no AWS account and no Docker.
 *
 * <p>{@link io.github.clarifais3sync.local.aws.LocalAws} starts moto server (S3, SQS, DynamoDB, Secrets Manager) as a
 * child process and puts one {@link io.github.clarifais3sync.local.aws.AwsGateway} endpoint in front of it, which checks
 * presigned URLs and emits {@link io.github.clarifais3sync.local.aws.S3Notification}s for object writes, deletes and
 * tagging changes. Clients reach everything through {@code AWS_ENDPOINT_URL}
 * ({@link io.github.clarifais3sync.local.aws.LocalAws#environment()}); AWS CLI v1 needs {@code --endpoint-url} for
 * {@code sqs} commands.
 */
package io.github.clarifais3sync.local.aws;
