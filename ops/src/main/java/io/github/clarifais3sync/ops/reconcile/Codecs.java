package io.github.clarifais3sync.ops.reconcile;

import io.github.clarifais3sync.ledger.InputState;
import io.github.clarifais3sync.ledger.LedgerEntry;
import java.time.Instant;
import java.util.Comparator;

/** How each view's records are written to and read from the external sort's files, and the order they sort in. */
final class Codecs {

    static final Comparator<LedgerEntry> LEDGER_ORDER =
            Comparator.comparing(LedgerEntry::key, KeyOrder.KEYS).thenComparing(LedgerEntry::inputId);
    static final Comparator<AppInput> INPUT_ORDER =
            Comparator.comparing(AppInput::key, KeyOrder.KEYS).thenComparing(AppInput::inputId);

    static final ExternalSort.Codec<LedgerEntry> LEDGER = new ExternalSort.Codec<>() {
        @Override
        public String encode(LedgerEntry e) {
            return Tsv.join(
                    e.bucket(),
                    e.key(),
                    e.inputId(),
                    e.versionId(),
                    e.eTag(),
                    e.size(),
                    e.sequencer(),
                    e.state().wireName(),
                    e.statusCode(),
                    e.statusDescription(),
                    e.attempts(),
                    e.createdAt(),
                    e.updatedAt(),
                    e.postedAt(),
                    e.eventTime());
        }

        @Override
        public LedgerEntry decode(String line) {
            String[] f = Tsv.split(line);
            return new LedgerEntry(
                    f[0],
                    f[1],
                    f[2],
                    f[3],
                    f[4],
                    Long.parseLong(f[5]),
                    f[6],
                    InputState.fromWire(f[7]),
                    Integer.parseInt(f[8]),
                    f[9],
                    Integer.parseInt(f[10]),
                    instant(f[11]),
                    instant(f[12]),
                    instant(f[13]),
                    instant(f[14]));
        }
    };

    static final ExternalSort.Codec<AppInput> INPUT = new ExternalSort.Codec<>() {
        @Override
        public String encode(AppInput i) {
            return Tsv.join(i.key(), i.inputId(), i.eTag(), i.statusCode());
        }

        @Override
        public AppInput decode(String line) {
            String[] f = Tsv.split(line);
            return new AppInput(f[0], f[1], f[2], Integer.parseInt(f[3]));
        }
    };

    private Codecs() {}

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
