package io.github.clarifais3sync.offline.template;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates CloudFormation intrinsic functions (long form, as {@link CloudFormationYaml} produces them) against
 * parameter values, pseudo parameters and the local names of the template's resources
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html).
 */
public final class Intrinsics {

    /** What {@code Ref} and {@code Fn::GetAtt} of a resource declared in the template evaluate to locally. */
    public interface Resources {
        boolean declares(String logicalId);

        Object ref(String logicalId);

        Object attribute(String logicalId, String attribute);
    }

    /** {@code AWS::NoValue}: the property is removed where it appears. */
    static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "AWS::NoValue";
        }
    };

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private final Map<String, String> parameters;
    private final Map<String, Object> conditions;
    private final Map<String, Object> mappings;
    private final Resources resources;

    /**
     * @param parameters template parameter values and pseudo parameters ({@code AWS::Region}, ...), by name
     */
    public Intrinsics(
            Map<String, String> parameters,
            Map<String, Object> conditions,
            Map<String, Object> mappings,
            Resources resources) {
        this.parameters = parameters;
        this.conditions = conditions;
        this.mappings = mappings;
        this.resources = resources;
    }

    public Object resolve(Object node) {
        if (node instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                Map.Entry<?, ?> only = map.entrySet().iterator().next();
                String key = String.valueOf(only.getKey());
                if (key.equals("Ref") || key.startsWith("Fn::") || key.equals("Condition")) {
                    return evaluate(key, only.getValue());
                }
            }
            Map<String, Object> resolved = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Object value = resolve(entry.getValue());
                if (value != NO_VALUE) {
                    resolved.put(String.valueOf(entry.getKey()), value);
                }
            }
            return resolved;
        }
        if (node instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>();
            for (Object item : list) {
                Object value = resolve(item);
                if (value != NO_VALUE) {
                    resolved.add(value);
                }
            }
            return resolved;
        }
        return node;
    }

    /** Resolves to a string the way CloudFormation passes scalars to resource properties. */
    public String resolveString(Object node) {
        Object value = resolve(node);
        if (value == null || value == NO_VALUE) {
            return null;
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new TemplateException("expected a scalar, got " + value);
        }
        return String.valueOf(value);
    }

    public boolean condition(String name) {
        if (!conditions.containsKey(name)) {
            throw new TemplateException("no condition named " + name);
        }
        return truth(resolve(conditions.get(name)));
    }

    private Object evaluate(String function, Object argument) {
        return switch (function) {
            case "Ref" -> ref(String.valueOf(argument));
            case "Condition" -> condition(String.valueOf(argument));
            case "Fn::GetAtt" -> getAtt(argument);
            case "Fn::Sub" -> sub(argument);
            case "Fn::Join" -> join(argument);
            case "Fn::Select" -> select(argument);
            case "Fn::Split" -> split(argument);
            case "Fn::If" -> ifFunction(argument);
            case "Fn::Equals" -> {
                List<?> pair = list(argument, "Fn::Equals", 2);
                yield String.valueOf(resolve(pair.get(0))).equals(String.valueOf(resolve(pair.get(1))));
            }
            case "Fn::Not" -> !truth(resolve(list(argument, "Fn::Not", 1).get(0)));
            case "Fn::And" -> list(argument, "Fn::And", -1).stream().allMatch(item -> truth(resolve(item)));
            case "Fn::Or" -> list(argument, "Fn::Or", -1).stream().anyMatch(item -> truth(resolve(item)));
            case "Fn::FindInMap" -> findInMap(argument);
            case "Fn::Base64" ->
                Base64.getEncoder().encodeToString(resolveString(argument).getBytes());
            case "Fn::GetAZs" -> List.of(parameters.get("AWS::Region") + "a", parameters.get("AWS::Region") + "b");
            default -> throw new TemplateException(function + " is not supported by the offline stack");
        };
    }

    private Object ref(String name) {
        if (name.equals("AWS::NoValue")) {
            return NO_VALUE;
        }
        if (parameters.containsKey(name)) {
            return parameters.get(name);
        }
        if (resources.declares(name)) {
            return resources.ref(name);
        }
        throw new TemplateException("Ref to unknown parameter or resource " + name);
    }

    private Object getAtt(Object argument) {
        List<?> pair = list(resolve(argument), "Fn::GetAtt", 2);
        String logicalId = String.valueOf(pair.get(0));
        if (!resources.declares(logicalId)) {
            throw new TemplateException("Fn::GetAtt of unknown resource " + logicalId);
        }
        return resources.attribute(logicalId, String.valueOf(pair.get(1)));
    }

    private String sub(Object argument) {
        String text;
        Map<String, Object> variables = new LinkedHashMap<>();
        if (argument instanceof List<?> list) {
            text = String.valueOf(list.get(0));
            if (list.size() > 1 && list.get(1) instanceof Map<?, ?> map) {
                map.forEach((name, value) -> variables.put(String.valueOf(name), resolve(value)));
            }
        } else {
            text = String.valueOf(argument);
        }
        Matcher matcher = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1).trim();
            String replacement;
            if (name.startsWith("!")) {
                replacement = "${" + name.substring(1) + "}";
            } else if (variables.containsKey(name)) {
                replacement = String.valueOf(variables.get(name));
            } else if (name.contains(".") && !name.startsWith("AWS::") && !resources.declares(name)) {
                int dot = name.indexOf('.');
                replacement = String.valueOf(getAtt(List.of(name.substring(0, dot), name.substring(dot + 1))));
            } else {
                replacement = String.valueOf(ref(name));
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private String join(Object argument) {
        List<?> pair = list(argument, "Fn::Join", 2);
        Object items = resolve(pair.get(1));
        List<String> parts = new ArrayList<>();
        for (Object item : list(items, "Fn::Join list", -1)) {
            parts.add(String.valueOf(item));
        }
        return String.join(String.valueOf(pair.get(0)), parts);
    }

    private Object select(Object argument) {
        List<?> pair = list(argument, "Fn::Select", 2);
        int index = Integer.parseInt(String.valueOf(resolve(pair.get(0))));
        return list(resolve(pair.get(1)), "Fn::Select list", -1).get(index);
    }

    private List<String> split(Object argument) {
        List<?> pair = list(argument, "Fn::Split", 2);
        String delimiter = String.valueOf(pair.get(0));
        return List.of(resolveString(pair.get(1)).split(Pattern.quote(delimiter), -1));
    }

    private Object ifFunction(Object argument) {
        List<?> triple = list(argument, "Fn::If", 3);
        return condition(String.valueOf(triple.get(0))) ? resolve(triple.get(1)) : resolve(triple.get(2));
    }

    private Object findInMap(Object argument) {
        List<?> keys = list(argument, "Fn::FindInMap", 3);
        Object level = mappings.get(resolveString(keys.get(0)));
        for (int i = 1; i < 3; i++) {
            if (!(level instanceof Map<?, ?> map)) {
                throw new TemplateException("Fn::FindInMap found no entry for " + keys);
            }
            level = map.get(resolveString(keys.get(i)));
        }
        if (level == null) {
            throw new TemplateException("Fn::FindInMap found no entry for " + keys);
        }
        return level;
    }

    private static boolean truth(Object value) {
        return value instanceof Boolean bool ? bool : Boolean.parseBoolean(String.valueOf(value));
    }

    private static List<?> list(Object value, String what, int size) {
        if (!(value instanceof List<?> list) || (size >= 0 && list.size() != size)) {
            throw new TemplateException(what + " expects a list" + (size >= 0 ? " of " + size : "") + ", got " + value);
        }
        return list;
    }
}
