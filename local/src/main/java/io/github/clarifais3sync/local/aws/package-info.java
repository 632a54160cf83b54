/**
 * AWS emulators of the offline stack, in this JVM, with no AWS account and no Docker.
 *
 * <p>{@link io.github.clarifais3sync.local.aws.LocalAws} starts S3 (S3Proxy, isolated class loader), SQS (ElasticMQ),
 * DynamoDB (DynamoDB Local) and a minimal Secrets Manager behind one
 * {@link io.github.clarifais3sync.local.aws.AwsGateway} endpoint that routes by the SigV4 service name and emits
 * {@link io.github.clarifais3sync.local.aws.S3Notification}s for object writes and deletes. Clients reach everything
 * through {@code AWS_ENDPOINT_URL} ({@link io.github.clarifais3sync.local.aws.LocalAws#environment()}); AWS CLI v1
 * needs {@code --endpoint-url} for {@code sqs} commands.
 */
package io.github.clarifais3sync.local.aws;
