package io.github.clarifais3sync.offline.template;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Loads a CloudFormation / SAM template, turning every short-form intrinsic tag into its long form:
 * {@code !Ref X} becomes {@code {Ref: X}}, {@code !GetAtt A.B} becomes {@code {Fn::GetAtt: [A, B]}}, {@code !Condition X}
 * becomes {@code {Condition: X}} and any other {@code !Name v} becomes {@code {Fn::Name: v}}
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html).
 */
public final class CloudFormationYaml {

    private CloudFormationYaml() {}

    public static Map<String, Object> load(Path template) throws IOException {
        return parse(Files.readString(template, StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> parse(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(16 * 1024 * 1024);
        Object document = new Yaml(new IntrinsicConstructor(options)).load(yaml);
        if (!(document instanceof Map<?, ?> map)) {
            throw new TemplateException("template is not a YAML mapping");
        }
        return (Map<String, Object>) map;
    }

    private static final class IntrinsicConstructor extends SafeConstructor {

        IntrinsicConstructor(LoaderOptions options) {
            super(options);
            // A null key is SnakeYAML's fallback for tags no other constructor claims.
            this.yamlConstructors.put(null, new ShortFormIntrinsic());
        }

        private final class ShortFormIntrinsic extends AbstractConstruct {
            @Override
            public Object construct(Node node) {
                String tag = node.getTag().getValue();
                if (!tag.startsWith("!") || tag.startsWith("!!")) {
                    throw new TemplateException("unsupported YAML tag " + tag);
                }
                String name = tag.substring(1);
                Object value = switch (node) {
                    case ScalarNode scalar -> constructScalar(scalar);
                    case SequenceNode sequence -> constructSequence(sequence);
                    case MappingNode mapping -> constructMapping(mapping);
                    default -> throw new TemplateException("unsupported node for " + tag);
                };
                return switch (name) {
                    case "Ref" -> Map.of("Ref", value);
                    case "Condition" -> Map.of("Condition", value);
                    case "GetAtt" -> Map.of("Fn::GetAtt", value instanceof String dotted ? splitGetAtt(dotted) : value);
                    default -> Map.of("Fn::" + name, value);
                };
            }
        }

        private static List<String> splitGetAtt(String dotted) {
            int dot = dotted.indexOf('.');
            if (dot <= 0) {
                throw new TemplateException("!GetAtt needs LogicalId.Attribute, got " + dotted);
            }
            return List.of(dotted.substring(0, dot), dotted.substring(dot + 1));
        }
    }
}
