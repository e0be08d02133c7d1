package io.hmrec.trainer;

import io.hmrec.core.model.Days;
import io.hmrec.core.model.Purchase;
import io.hmrec.schemas.Topics;
import io.hmrec.schemas.avro.PurchaseEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online input: replays hm.transactions.v1 from the beginning and keeps the purchases of the window before the as-of
 * day.
 *
 * <p>Why a time-bounded replay of the transactions topic is a consistent cut: the topic is the system's source of
 * truth, append-only, and every store the topology keeps (edge sets, negatives, popularity) is a deterministic
 * function of it. Each record carries its event time (midnight UTC of t_dat) as its timestamp. Reading every
 * partition with {@code isolation.level=read_committed} up to the end offsets taken at the start (the last stable
 * offsets) and keeping exactly the records with timestamp before the as-of day selects the set "all committed purchases
 * that happened before day D" — a set that does not depend on when, how fast or in which partition order it is read,
 * and never contains a half-written producer transaction. As long as D is not after the stream's event-time frontier
 * (no purchase before D is still to arrive; the stack ingests days in order), two replays with the same D give the
 * same graph, which is what makes runs reproducible and comparable. Reading the topology's changelogs instead would
 * give each store's state at a different processing instant, i.e. no common cut.
 *
 * <p>The stream's negative samples come from the topology's negatives store instead ({@link NegativesReplay}), when
 * the caller names its changelog; without them the models draw their own popularity-weighted negatives from the cut.
 */
public final class TransactionsReplay {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionsReplay.class);

    private TransactionsReplay() {}

    /**
     * The cut of {@link #replay(String, Topics, OptionalInt, int)} with the stream's negative samples of its customers,
     * read from the topology's negatives store changelog ({@link NegativesReplay}) when one is named.
     */
    public static GraphCut replay(String bootstrap, Topics topics, OptionalInt asOfDay, int windowDays,
                                  Optional<String> negativesChangelog) {
        GraphCut cut = replay(bootstrap, topics, asOfDay, windowDays);
        return negativesChangelog.isEmpty() ? cut
                : cut.withNegatives(NegativesReplay.read(bootstrap, negativesChangelog.get(), cut.customerIds()));
    }

    /**
     * @param asOfDay day of the cut (exclusive); empty: the latest event day in the topic + 1 (the stream's "now")
     * @return the cut, purchases in event-time order
     */
    public static GraphCut replay(String bootstrap, Topics topics, OptionalInt asOfDay, int windowDays) {
        String topic = topics.transactions().name();
        var deserializer = topics.transactions().valueSerde().deserializer();
        List<Purchase> all = new ArrayList<>();
        int[] latest = {Integer.MIN_VALUE};
        boolean exists = CommittedTopic.readAll(bootstrap, topic, r -> {
            if (r.value() == null) {
                return;
            }
            PurchaseEvent e = deserializer.deserialize(topic, r.value());
            int day = Days.of(e.getTDat());
            latest[0] = Math.max(latest[0], day);
            // keep memory to the window: without a fixed cut, anything older than the window before the latest day
            // seen so far can never be inside the final window
            int lowest = asOfDay.isPresent() ? asOfDay.getAsInt() - windowDays : latest[0] - windowDays + 1;
            if (day < lowest || (asOfDay.isPresent() && day >= asOfDay.getAsInt())) {
                return;
            }
            all.add(new Purchase(day, e.getCustomerId(), e.getArticleId(), e.getPrice(), e.getSalesChannelId()));
        });
        if (!exists) {
            throw new IllegalStateException("no topic " + topic + " on " + bootstrap + ": nothing to train on");
        }
        int latestDay = latest[0];
        if (latestDay == Integer.MIN_VALUE && asOfDay.isEmpty()) {
            throw new IllegalStateException(topic + " holds no committed purchases: nothing to train on");
        }
        int asOf = asOfDay.orElse(latestDay + 1);
        int from = asOf - windowDays;
        List<Purchase> cut = all.stream().filter(x -> x.day() >= from && x.day() < asOf)
                .sorted(Comparator.comparingInt(Purchase::day)).toList();
        LOG.info("replayed {} purchases from {}, kept {} in [{}, {})", all.size(), topic, cut.size(), from, asOf);
        return new GraphCut(asOf, cut, Map.of(), Map.of());
    }
}
