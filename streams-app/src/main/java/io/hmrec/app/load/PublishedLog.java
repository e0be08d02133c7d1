package io.hmrec.app.load;

import java.util.Map;
import java.util.Set;

/**
 * What the topics already hold, as far as a resumed load needs to know: the end offsets before it starts sending,
 * and the ids of records written since a checkpoint (event ids on the transactions topic, keys on the DLQ).
 */
public interface PublishedLog {
    /** Current end offset of each partition of the transactions topic. */
    Map<Integer, Long> transactionEndOffsets();

    /** Current end offset of the (single-partition) dead-letter topic. */
    long dlqEndOffset();

    /** Event ids (header {@link KaggleLoader#EVENT_ID_HEADER}) of transaction records at or after {@code from}. */
    Set<String> eventIdsFrom(Map<Integer, Long> from);

    /** Keys (as text) of dead-letter records at or after {@code from}. */
    Set<String> dlqKeysFrom(long from);
}
