package io.github.clarifais3sync.offline;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Counts on the command line (objects, writers, runs): a whole number from 1 to 9,999,999. */
public final class PositiveNumber implements ITypeConverter<Integer> {

    @Override
    public Integer convert(String text) {
        if (!text.matches("[1-9][0-9]{0,6}")) {
            throw new TypeConversionException("a whole number from 1 to 9999999, not " + text);
        }
        return Integer.parseInt(text);
    }
}
