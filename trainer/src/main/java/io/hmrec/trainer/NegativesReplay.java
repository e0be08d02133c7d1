package io.hmrec.trainer;

import io.hmrec.core.state.NegativeSampler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream's negative samples: the latest value per customer of the topology's negatives store, read from that
 * store's changelog topic (compacted; written under exactly-once, so read committed) from the beginning to the end
 * offsets taken at the start.
 *
 * <p>Why the latest state goes with a cut of an earlier day: the topology draws a customer's negatives among the
 * articles the customer never bought up to its latest event, and purchases only add positives, so every sample is
 * also a negative at any earlier cut. The values are core {@link NegativeSampler.Sample} encodings, the same bytes
 * the topology's queries decode.
 */
public final class NegativesReplay {
    private static final Logger LOG = LoggerFactory.getLogger(NegativesReplay.class);

    private NegativesReplay() {}

    /**
     * @param changelog the negatives store's changelog topic ({@code Topics.storeChangelog(appId, store)})
     * @param customers keep only these customers (those of the cut)
     * @return customer → negative article ids; empty when the topic does not exist yet (the topology has not run)
     */
    public static Map<String, List<String>> read(String bootstrap, String changelog, Set<String> customers) {
        Map<String, List<String>> negatives = new HashMap<>();
        long[] records = {0};
        boolean exists = CommittedTopic.readAll(bootstrap, changelog, r -> {
            if (!customers.contains(r.key())) {
                return;
            }
            records[0]++;
            if (r.value() == null) {
                negatives.remove(r.key()); // a tombstone: the store dropped the customer
            } else {
                negatives.put(r.key(), NegativeSampler.Sample.fromBytes(r.value()).articleIds());
            }
        });
        if (!exists) {
            LOG.warn("no topic {}: the topology has not written negatives yet (or runs under another"
                    + " application.id); the models draw their own", changelog);
            return Map.of();
        }
        negatives.values().removeIf(List::isEmpty);
        LOG.info("read {} negatives records from {}: samples for {} of the cut's {} customers", records[0], changelog,
                negatives.size(), customers.size());
        return negatives;
    }
}
