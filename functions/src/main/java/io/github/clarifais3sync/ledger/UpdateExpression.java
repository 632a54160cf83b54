package io.github.clarifais3sync.ledger;

import static io.github.clarifais3sync.ledger.LedgerItems.n;
import static io.github.clarifais3sync.ledger.LedgerItems.s;
import static io.github.clarifais3sync.ledger.LedgerItems.time;

import io.github.clarifais3sync.model.ObjectVersion;
import io.github.clarifais3sync.model.Sequencers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * An UpdateItem expression built attribute by attribute, every name aliased (several are reserved words), with the
 * condition that a {@link Transition} may start from the item's state
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html).
 */
final class UpdateExpression {
    private final List<String> sets = new ArrayList<>();
    private final List<String> adds = new ArrayList<>();
    private final List<String> removes = new ArrayList<>();
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, AttributeValue> values = new HashMap<>();
    private String condition;

    UpdateExpression set(String attribute, AttributeValue value) {
        names.put("#" + attribute, attribute);
        values.put(":" + attribute, value);
        sets.add("#" + attribute + " = :" + attribute);
        return this;
    }

    UpdateExpression setIfAbsent(String attribute, AttributeValue value) {
        names.put("#" + attribute, attribute);
        values.put(":" + attribute, value);
        sets.add("#" + attribute + " = if_not_exists(#" + attribute + ", :" + attribute + ")");
        return this;
    }

    UpdateExpression add(String attribute, AttributeValue value) {
        names.put("#" + attribute, attribute);
        values.put(":" + attribute, value);
        adds.add("#" + attribute + " :" + attribute);
        return this;
    }

    UpdateExpression remove(String attribute) {
        names.put("#" + attribute, attribute);
        removes.add("#" + attribute);
        return this;
    }

    /** The version's identity, written only where the item does not have it yet. */
    UpdateExpression identity(ObjectVersion version) {
        setIfAbsent("bucket", s(version.bucket()));
        setIfAbsent("objectKey", s(version.key()));
        setIfAbsent("inputId", s(version.inputId()));
        setIfAbsent("eTag", s(version.eTag()));
        setIfAbsent("size", n(version.size()));
        setIfAbsent("sequencer", s(Sequencers.normalize(version.sequencer())));
        if (version.versionId() != null) {
            setIfAbsent("versionId", s(version.versionId()));
        }
        if (version.eventInstant() != null) {
            setIfAbsent("eventTime", s(time(version.eventInstant())));
        }
        return this;
    }

    /**
     * The condition that the item's state allows the transition, derived from {@link Transition}:
     * {@code attribute_not_exists(#state)} for an unknown version, {@code #state IN (…)} for its start states.
     */
    UpdateExpression transition(Transition transition) {
        List<String> allowed = new ArrayList<>();
        if (transition.fromUnknown()) {
            allowed.add("attribute_not_exists(#state)");
        }
        List<String> placeholders = new ArrayList<>();
        for (InputState state : transition.from()) {
            placeholders.add(":from_" + state.wireName());
            value(":from_" + state.wireName(), s(state.wireName()));
        }
        if (!placeholders.isEmpty()) {
            allowed.add("#state IN (" + String.join(", ", placeholders) + ")");
        }
        return condition(String.join(" OR ", allowed));
    }

    /** Adds {@code expression} to the condition set so far: both must hold. */
    UpdateExpression andCondition(String expression) {
        String before = condition;
        condition(expression);
        condition = before == null ? expression : "(" + before + ") AND (" + expression + ")";
        return this;
    }

    UpdateExpression condition(String expression) {
        this.condition = expression;
        for (String token : expression.split("[^#A-Za-z]+")) {
            if (token.startsWith("#")) {
                names.put(token, token.substring(1));
            }
        }
        return this;
    }

    UpdateExpression value(String placeholder, AttributeValue value) {
        values.put(placeholder, value);
        return this;
    }

    UpdateItemRequest toRequest(String table, Map<String, AttributeValue> key) {
        StringBuilder expression = new StringBuilder();
        if (!sets.isEmpty()) {
            expression.append("SET ").append(String.join(", ", sets));
        }
        if (!adds.isEmpty()) {
            expression.append(" ADD ").append(String.join(", ", adds));
        }
        if (!removes.isEmpty()) {
            expression.append(" REMOVE ").append(String.join(", ", removes));
        }
        return UpdateItemRequest.builder()
                .tableName(table)
                .key(key)
                .updateExpression(expression.toString())
                .conditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_OLD)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }
}
