package io.hmrec.app.processor;

import io.hmrec.app.StoreNames;
import io.hmrec.app.TaskBacklog;
import io.hmrec.app.store.GlobalStoreVersions;
import io.hmrec.app.store.ModelRegistry;
import io.hmrec.app.store.RecommendationLists;
import io.hmrec.app.store.StoreBackedRecContext;
import io.hmrec.app.store.ValueCodecs;
import io.hmrec.core.model.AgeBucket;
import io.hmrec.core.model.Days;
import io.hmrec.core.model.Purchase;
import io.hmrec.core.model.ScoredArticle;
import io.hmrec.core.rec.CustomerProfile;
import io.hmrec.core.rec.Edge;
import io.hmrec.core.rec.PopularityKind;
import io.hmrec.core.rec.PopularityView;
import io.hmrec.core.rec.RecContext;
import io.hmrec.core.rec.RecommendationEngine;
import io.hmrec.core.rec.RecommenderSettings;
import io.hmrec.core.state.CoPurchase;
import io.hmrec.core.state.CustomerEdges;
import io.hmrec.core.state.NegativeSampler;
import io.hmrec.schemas.avro.RecommendationList;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The customer side of the graph (one task per customer partition). For each purchase: grows the customer's
 * bounded edge set (core {@link CustomerEdges}), tells the article's task about the purchase and its side of each
 * co-purchase pair (core {@link CoPurchase}) in one record and each partner's task about the other side, refreshes the customer's negatives (core {@link NegativeSampler}) and emits a
 * fresh top-12 from the core {@link RecommendationEngine} over store-backed views.
 *
 * <p>Coalesced emission: with {@code emitIntervalMs > 0} a purchase only marks its customer dirty (in memory and,
 * so that a crash between commit and emission loses no list, as a marker in the refresh-store); a wall-clock
 * punctuation every {@code emitIntervalMs} computes one list per dirty customer. A basket of several articles (the
 * usual case: a customer's purchases of one day arrive back to back) thus costs one engine run and one output record
 * instead of one per article, and the list emitted is the one the last purchase would have produced, except that the
 * global views (popularity, neighbours, catalog) are read at emission time, up to one interval later. Under
 * exactly-once output becomes visible only at the next commit, so the list's wait is up to one emit interval plus
 * up to one commit interval; the product default emits at a quarter of the commit interval (at 200 purchases/s,
 * p99 purchase → list 196–269 ms against 315–615 ms when it emitted at the commit interval).
 * {@code emitIntervalMs = 0} emits on every purchase.
 *
 * <p>Refresh passes: when a new model version becomes active (checked on a wall-clock punctuation) or the global
 * trending top-12 shifts (checked once per event-time day on a stream-time punctuation), the task walks its
 * customers in key order, per wall-clock punctuation at most {@code refreshBatchSize} (when idle) or one per four
 * purchases processed since the last punctuation (when busy), and at most a quarter of the interval and what the
 * stream thread's {@link DeferredWork} budget grants, re-emitting lists (and negatives) for customers active within
 * {@code activeCustomerDays}. The cursor lives in the refresh-store, so a pass survives a
 * restart, and a trigger during a pass queues exactly one follow-up pass instead of restarting it, so every active
 * customer is reached. Bounded batches keep a pass from stalling the purchase stream.
 *
 * <p>Catch-up: while the task is more than {@code catchUpRecords} input records behind its partitions' ends (a replay
 * of history, a restart after downtime; {@link TaskBacklog}), a list emitted per basket would be superseded within
 * seconds by the same customer's next one, and on a compacted topic only the last counts. So the task keeps every
 * piece of state current (edges, the article side's popularity and co-purchases) but defers lists, negatives and
 * refresh passes: a purchase only leaves its customer's marker in the refresh-store. Once the task is within half of
 * the threshold, the markers are drained in bounded batches, one list per customer as of the task's latest day,
 * recently active customers first, and deferred passes run; drains and passes of all the stream thread's tasks share
 * one {@link DeferredWork} budget. Every customer who bought during the catch-up gets exactly one list reflecting all
 * of it.
 */
public final class CustomerPurchaseProcessor implements Processor<String, Purchase, String, CustomerTaskOutput> {
    static final String PASS_KEY = "pass";
    static final String MODEL_KEY = "model";
    static final String TRENDING_KEY = "trending";
    /** refresh-store key prefix of a customer awaiting a coalesced list (value: 4-byte day, 8-byte timestamp). */
    public static final String DIRTY_PREFIX = "dirty/";
    /** The first key after every {@link #DIRTY_PREFIX} key ('0' follows '/'): the end of a marker range. */
    public static final String DIRTY_END = "dirty0";
    /** refresh-store key of the latest event day this task has seen (4-byte big-endian int); read by queries. */
    public static final String DAY_KEY = "day";
    /** The share of each emit interval a drain may take: half while the thread processes records, 90% when idle. */
    static final long BUSY_DRAIN_NANOS_PER_MS = 500_000L;
    static final long IDLE_DRAIN_NANOS_PER_MS = 900_000L;
    /** How long emission batches share one {@link RecContext} (see {@link #batchContext}). */
    static final long BATCH_CONTEXT_MAX_AGE_MS = 100;

    private final RecommendationEngine engine;
    private final ModelRegistry models;
    private final NegativeSampler sampler;
    /** The popularity view {@link #negativePool} was prepared from (identity: views are per emission batch). */
    private PopularityView negativePoolView;
    private NegativeSampler.Pool negativePool;
    private final RecommenderSettings settings;
    private final int activeCustomerDays;
    private final int trendingShiftMinChanges;
    private final int refreshBatchSize;
    private final long refreshIntervalMs;
    private final long emitIntervalMs;
    private RecContext batchContext;
    private long batchContextAt;
    private final TaskBacklog backlog;
    private final long catchUpRecords;
    /** Behind by more than catchUpRecords: lists, negatives and passes are deferred. */
    private boolean catchingUp;
    /** Markers without an in-memory entry may exist (after a catch-up or a restart): drain them in batches. */
    private boolean draining;
    /** The drain's first sweep lists only customers active within activeCustomerDays; the second, the rest. */
    private boolean drainingRecent;
    /** The last marker the current sweep has passed (drained, or left for the second sweep); null: from the first. */
    private String drainedUpTo;
    /**
     * The catch-up marker this task wrote last (null: none since the catch-up began or since {@link #init}): a purchase
     * with the same customer, day and timestamp leaves it as it is. Only drains delete markers, and they run only
     * outside a catch-up, whose start clears this.
     */
    private String lastMarkedCustomer;
    private int lastMarkedDay;
    private long lastMarkedTs;
    /** Customers awaiting a coalesced list, in first-purchase order: day and timestamp of their latest purchase. */
    private final java.util.LinkedHashMap<String, long[]> dirty = new java.util.LinkedHashMap<>();

    private ProcessorContext<String, CustomerTaskOutput> context;
    private KeyValueStore<String, byte[]> edges;
    private KeyValueStore<String, byte[]> negatives;
    private KeyValueStore<String, byte[]> recommendations;
    private KeyValueStore<String, byte[]> refresh;
    private StoreBackedRecContext views;
    private int lastDay = Integer.MIN_VALUE;
    /** Purchases processed since the last wall-clock punctuation: a busy task refreshes proportionally less. */
    private int purchasesSinceTick;
    /**
     * The calling thread's budget, shared with the other tasks of this stream thread: together they defer at most its
     * share of the thread. Asked on every use, not kept from {@code init}: the budget belongs to the thread that
     * processes and punctuates, whichever thread initialised the task.
     */
    private final java.util.function.Supplier<DeferredWork> deferredWork;
    private final GlobalStoreVersions globalVersions;

    /**
     * @param engine                  the one recommendation path (core)
     * @param models                  the process's live model (shared by all tasks)
     * @param activeCustomerDays      refresh passes re-emit only customers who bought within this many days
     * @param trendingShiftMinChanges how many of the global trending top-12 must change to count as a shift
     * @param refreshBatchSize        customers re-emitted per wall-clock punctuation
     * @param refreshIntervalMs       wall-clock punctuation interval
     */
    public CustomerPurchaseProcessor(RecommendationEngine engine, ModelRegistry models, int activeCustomerDays,
                                     int trendingShiftMinChanges, int refreshBatchSize, long refreshIntervalMs) {
        this(engine, models, activeCustomerDays, trendingShiftMinChanges, refreshBatchSize, refreshIntervalMs, 0);
    }

    /**
     * As above, with coalesced emission.
     *
     * @param emitIntervalMs wall-clock interval (ms) at which dirty customers get their list; 0 = on every purchase
     */
    public CustomerPurchaseProcessor(RecommendationEngine engine, ModelRegistry models, int activeCustomerDays,
                                     int trendingShiftMinChanges, int refreshBatchSize, long refreshIntervalMs,
                                     long emitIntervalMs) {
        this(engine, models, activeCustomerDays, trendingShiftMinChanges, refreshBatchSize, refreshIntervalMs,
                emitIntervalMs, new TaskBacklog(), 0);
    }

    /**
     * As above, with catch-up.
     *
     * @param backlog        how far behind this process's tasks are
     * @param catchUpRecords records behind above which the task catches up (needs {@code emitIntervalMs > 0}); 0 =
     *                       never
     */
    public CustomerPurchaseProcessor(RecommendationEngine engine, ModelRegistry models, int activeCustomerDays,
                                     int trendingShiftMinChanges, int refreshBatchSize, long refreshIntervalMs,
                                     long emitIntervalMs, TaskBacklog backlog, long catchUpRecords) {
        this(engine, models, activeCustomerDays, trendingShiftMinChanges, refreshBatchSize, refreshIntervalMs,
                emitIntervalMs, backlog, catchUpRecords, GlobalStoreVersions.NONE);
    }

    /**
     * As above, with the write counters of the global stores (the topology's), so that views skip reads of
     * unchanged keys.
     */
    public CustomerPurchaseProcessor(RecommendationEngine engine, ModelRegistry models, int activeCustomerDays,
                                     int trendingShiftMinChanges, int refreshBatchSize, long refreshIntervalMs,
                                     long emitIntervalMs, TaskBacklog backlog, long catchUpRecords,
                                     GlobalStoreVersions globalVersions) {
        this(engine, models, activeCustomerDays, trendingShiftMinChanges, refreshBatchSize, refreshIntervalMs,
                emitIntervalMs, backlog, catchUpRecords, DeferredWork::ofCurrentThread, globalVersions);
    }

    /**
     * As above, with the budget that bounds deferred work (drains, refresh passes) across the stream thread's tasks.
     *
     * @param deferredWork the budget of the calling stream thread, asked on every use
     */
    public CustomerPurchaseProcessor(RecommendationEngine engine, ModelRegistry models, int activeCustomerDays,
                                     int trendingShiftMinChanges, int refreshBatchSize, long refreshIntervalMs,
                                     long emitIntervalMs, TaskBacklog backlog, long catchUpRecords,
                                     java.util.function.Supplier<DeferredWork> deferredWork,
                                     GlobalStoreVersions globalVersions) {
        this.deferredWork = deferredWork;
        this.globalVersions = globalVersions;
        if (catchUpRecords < 0 || (catchUpRecords > 0 && emitIntervalMs == 0)) {
            throw new IllegalArgumentException("catchUpRecords must be >= 0, and needs coalesced emission"
                    + " (emitIntervalMs > 0); got " + catchUpRecords + " with emitIntervalMs " + emitIntervalMs);
        }
        this.backlog = backlog;
        this.catchUpRecords = catchUpRecords;
        if (emitIntervalMs < 0) {
            throw new IllegalArgumentException("emitIntervalMs must be >= 0, got " + emitIntervalMs);
        }
        this.emitIntervalMs = emitIntervalMs;
        this.engine = engine;
        this.models = models;
        this.settings = engine.settings();
        this.sampler = new NegativeSampler(settings.negativeSeed());
        this.activeCustomerDays = activeCustomerDays;
        this.trendingShiftMinChanges = trendingShiftMinChanges;
        this.refreshBatchSize = refreshBatchSize;
        this.refreshIntervalMs = refreshIntervalMs;
    }

    @Override
    public void init(ProcessorContext<String, CustomerTaskOutput> context) {
        this.context = context;
        this.edges = context.getStateStore(StoreNames.CUSTOMER_EDGES);
        this.negatives = context.getStateStore(StoreNames.NEGATIVES);
        this.recommendations = context.getStateStore(StoreNames.RECOMMENDATIONS);
        this.refresh = context.getStateStore(StoreNames.REFRESH);
        this.views = new StoreBackedRecContext(settings, context::getStateStore, models, globalVersions);
        byte[] day = refresh.get(DAY_KEY);
        lastDay = day == null ? Integer.MIN_VALUE : java.nio.ByteBuffer.wrap(day).getInt();
        context.schedule(Duration.ofMillis(refreshIntervalMs), PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
        context.schedule(Duration.ofDays(1), PunctuationType.STREAM_TIME, this::onNewDay);
        if (emitIntervalMs > 0) {
            dirty.clear();
            catchingUp = false;
            lastMarkedCustomer = null; // a revived task's store may have been rolled back past it
            // markers left by a crash after a commit but before their emission, or by a catch-up: drained in batches
            startDrain();
            context.schedule(Duration.ofMillis(emitIntervalMs), PunctuationType.WALL_CLOCK_TIME, this::emitDue);
        }
    }

    @Override
    public void process(Record<String, Purchase> record) {
        Purchase p = record.value();
        String customer = p.customerId();
        purchasesSinceTick++;
        deferredWork.get().noteProcessed();
        if (p.day() > lastDay) {
            lastDay = p.day();
            refresh.put(DAY_KEY, java.nio.ByteBuffer.allocate(4).putInt(lastDay).array());
        }
        byte[] before = edges.get(customer);
        CustomerEdges edgesBefore = before == null ? CustomerEdges.EMPTY : CustomerEdges.fromBytes(before);
        CustomerEdges edgesAfter = edgesBefore.add(p, settings.maxEdgesPerCustomer());
        edges.put(customer, edgesAfter.toBytes());

        int bucket = views.ageBucket(customer);
        long ts = record.timestamp();
        // the purchased article's side of each pair rides on its purchase record; only the reverse side (keyed by
        // the partner, so on another article's partition) needs a record of its own
        List<CoPurchase.Pair> pairs = CoPurchase.pairs(edgesBefore.edges(), p, settings.coPurchaseWindowDays(),
                settings.coPurchaseGapHalfLifeDays());
        List<ArticleMessage.Paired> partners = new ArrayList<>(pairs.size() / 2);
        for (CoPurchase.Pair pair : pairs) {
            if (pair.from().equals(p.articleId())) {
                partners.add(new ArticleMessage.Paired(pair.to(), pair.weight(), pair.day()));
            }
        }
        context.forward(new Record<>(p.articleId(), new CustomerTaskOutput.ToArticle(
                new ArticleMessage.Purchased(customer, p.day(), bucket, partners)), ts));
        for (CoPurchase.Pair pair : pairs) {
            if (!pair.from().equals(p.articleId())) {
                context.forward(new Record<>(pair.from(), new CustomerTaskOutput.ToArticle(
                        new ArticleMessage.Paired(pair.to(), pair.weight(), pair.day())), ts));
            }
        }

        if (emitIntervalMs > 0) {
            if (updateCatchingUp()) {
                // the marker alone: a blind put (uncached store: one RocksDB write and one changelog record), but
                // once per basket: the rows of a customer's day arrive back to back with the same day and timestamp,
                // and the marker the first of them wrote is the one the others would write (1.1 changelog records
                // per purchase of a replay were these markers)
                if (!customer.equals(lastMarkedCustomer) || p.day() != lastMarkedDay || ts != lastMarkedTs) {
                    refresh.put(DIRTY_PREFIX + customer, marker(p.day(), ts));
                    lastMarkedCustomer = customer;
                    lastMarkedDay = p.day();
                    lastMarkedTs = ts;
                }
                dirty.computeIfPresent(customer, (c, was) -> new long[] {p.day(), ts});
                return;
            }
            if (dirty.put(customer, new long[] {p.day(), ts}) == null) {
                refresh.put(DIRTY_PREFIX + customer, marker(p.day(), ts));
            }
            return;
        }
        RecContext ctx = views.at(p.day());
        CustomerProfile profile = new CustomerProfile(customer, bucket, edgesAfter.edges());
        emit(profile, ctx, RecommendationLists.PURCHASE, ts);
    }

    private static byte[] marker(int day, long ts) {
        return java.nio.ByteBuffer.allocate(12).putInt(day).putLong(ts).array();
    }

    /** Whether the task is catching up now (with hysteresis: in above the threshold, out at half of it). */
    private boolean updateCatchingUp() {
        if (catchUpRecords == 0) {
            return false;
        }
        long behind = backlog.recordsBehind(context.taskId());
        if (!catchingUp && behind > catchUpRecords) {
            catchingUp = true;
            lastMarkedCustomer = null; // a drain may have deleted the marker written last
        } else if (catchingUp && behind <= catchUpRecords / 2) {
            catchingUp = false;
            startDrain();
        }
        return catchingUp;
    }

    private void startDrain() {
        draining = true;
        drainingRecent = true;
        drainedUpTo = null;
    }

    /** Emits lists due: nothing while catching up; else every in-memory dirty customer, then a batch of markers. */
    private void emitDue(long wallClockMs) {
        if (updateCatchingUp()) {
            return;
        }
        emitDirty(wallClockMs);
        if (draining) {
            drainMarkers();
        }
    }

    /**
     * Up to {@code refreshBatchSize} customers marked in the store but not in memory, each listed as of the task's
     * latest day (they bought during a catch-up, or before a restart, and the views are as of now anyway); stops
     * draining when none are left. At most half the emit interval (90% on an idle thread) and what the stream
     * thread's {@link DeferredWork} budget grants (shared by all its tasks), so live purchases keep flowing.
     *
     * <p>Two sweeps in key order: the first lists the customers whose latest purchase is within
     * {@code activeCustomerDays} of the task's latest day and leaves the others' markers, the second lists the rest.
     * After a replay of history most markers belong to customers who last bought months ago, and a full drain takes
     * minutes; the customers likely to buy again soon get their lists first.
     *
     * <p>Each batch seeks past the last marker passed instead of scanning the prefix from its start: every drained
     * marker is a RocksDB tombstone until compaction, and re-skipping them all made the drain quadratic (a 5M-purchase
     * replay's drain of ~1M markers slowed to a few lists per second).
     */
    private void drainMarkers() {
        DeferredWork budget = deferredWork.get();
        long start = budget.now();
        // half the interval while records flow; most of it on an idle thread (after a replay's input, the drain is
        // all there is to do, and a purchase arriving meanwhile waits at most this long)
        long deadline = budget.grant(emitIntervalMs
                * (budget.busy() ? BUSY_DRAIN_NANOS_PER_MS : IDLE_DRAIN_NANOS_PER_MS));
        if (deadline <= start) {
            return; // the thread's deferred share is spent (by this or another task): the drain waits
        }
        try {
            drainMarkers(budget, deadline);
        } finally {
            budget.charge(start);
        }
    }

    private void drainMarkers(DeferredWork budget, long deadline) {
        int day = lastDay != Integer.MIN_VALUE ? lastDay : 0;
        List<KeyValue<String, byte[]>> due = new ArrayList<>();
        String from = drainedUpTo == null ? DIRTY_PREFIX : drainedUpTo;
        String passed = null;
        boolean swept = true;
        int examined = 0;
        try (KeyValueIterator<String, byte[]> it = refresh.range(from, DIRTY_END)) {
            while (it.hasNext()) {
                if (due.size() >= refreshBatchSize || examined >= 10 * refreshBatchSize) {
                    swept = false;
                    break;
                }
                KeyValue<String, byte[]> kv = it.next();
                if (kv.key.equals(drainedUpTo)) {
                    continue; // range() is inclusive
                }
                examined++;
                passed = kv.key;
                if (!drainingRecent || java.nio.ByteBuffer.wrap(kv.value).getInt(0) >= day - activeCustomerDays) {
                    due.add(kv);
                }
            }
        }
        RecContext ctx = due.isEmpty() ? null : views.at(day);
        boolean first = true;
        for (KeyValue<String, byte[]> marker : due) {
            if (!first && budget.now() > deadline) {
                return; // the rest next time, from the cursor
            }
            first = false; // one list per grant at least, so a drain always progresses
            String customer = marker.key.substring(DIRTY_PREFIX.length());
            byte[] stored = edges.get(customer);
            if (stored != null) {
                long ts = java.nio.ByteBuffer.wrap(marker.value).getLong(4);
                emit(new CustomerProfile(customer, views.ageBucket(customer), CustomerEdges.fromBytes(stored).edges()),
                        ctx, RecommendationLists.PURCHASE, ts);
            }
            refresh.delete(marker.key);
            drainedUpTo = marker.key;
        }
        if (passed != null) {
            drainedUpTo = passed; // past the markers this sweep leaves too
        }
        if (swept) {
            draining = drainingRecent; // after the first sweep, the second
            drainingRecent = false;
            drainedUpTo = null;
        }
    }

    /** One list per customer who bought since the last emission, from their edges as they stand now. */
    private void emitDirty(long wallClockMs) {
        if (dirty.isEmpty()) {
            return;
        }
        // in day order (stable: first-purchase order within a day), one context per day: the merged popularity
        // lists are cached per day, so alternating days would re-convert them for every customer
        List<java.util.Map.Entry<String, long[]>> due = new ArrayList<>(dirty.entrySet());
        due.sort(java.util.Comparator.comparingLong(e -> e.getValue()[0]));
        RecContext ctx = null;
        for (var e : due) {
            String customer = e.getKey();
            int day = (int) e.getValue()[0];
            if (ctx == null || ctx.asOfDay() != day) {
                ctx = batchContext(day, wallClockMs);
            }
            byte[] stored = edges.get(customer);
            if (stored != null) {
                CustomerProfile profile = new CustomerProfile(customer, views.ageBucket(customer),
                        CustomerEdges.fromBytes(stored).edges());
                emit(profile, ctx, RecommendationLists.PURCHASE, e.getValue()[1]);
            }
            refresh.delete(DIRTY_PREFIX + customer);
        }
        dirty.clear();
    }

    /**
     * The views for one emission batch, shared with the batches of the next {@value #BATCH_CONTEXT_MAX_AGE_MS} ms on
     * the same day. A context holds the model live when it was made and the popularity lists as of its first reads
     * of them (neighbours are read per list), and a fresh one re-validates
     * each merged popularity list with a scan of the global top-list store: once per 25 ms batch that took 7% of the
     * stream thread at 2k purchases/s (JFR). The lists go out at the next commit anyway, so views up to one default
     * commit interval old change nothing a reader could tell.
     */
    private RecContext batchContext(int day, long wallClockMs) {
        if (batchContext == null || batchContext.asOfDay() != day
                || wallClockMs - batchContextAt >= BATCH_CONTEXT_MAX_AGE_MS || wallClockMs < batchContextAt) {
            batchContext = views.at(day);
            batchContextAt = wallClockMs;
        }
        return batchContext;
    }

    /** Refreshes negatives and emits (and remembers) a fresh list for one customer. */
    private void emit(CustomerProfile profile, RecContext ctx, String trigger, long timestamp) {
        refreshNegatives(profile, ctx);
        List<ScoredArticle> top = engine.recommend(profile, ctx);
        RecommendationList list = RecommendationLists.of(profile.customerId(), top,
                ctx.embeddings().map(e -> e.modelVersion()).orElse(""), ctx.asOfDay(),
                context.currentSystemTimeMs(), trigger);
        recommendations.put(profile.customerId(), ValueCodecs.avro(list));
        context.forward(new Record<>(profile.customerId(), new CustomerTaskOutput.NewList(list), timestamp));
    }

    /**
     * Keeps the customer's negatives current for the trainer: a new sample when the event day has moved on (the
     * popularity weights it is drawn with are daily), when the customer bought one of the sampled articles, or when
     * the last sample came up short; otherwise the day's sample stands. Re-sampling for every list took a sixth of
     * the stream thread at 2k purchases/s (JFR), and within a day a new draw differs from the kept one only by the
     * drift of that day's weights.
     */
    private void refreshNegatives(CustomerProfile profile, RecContext ctx) {
        int k = settings.negativesPerCustomer();
        if (k == 0) {
            return;
        }
        Set<String> positives = new HashSet<>();
        for (Edge e : profile.edges()) {
            positives.add(e.articleId());
        }
        byte[] stored = negatives.get(profile.customerId());
        // a live purchase usually falls on a new day for its customer: then the kept ids need no decoding
        if (stored != null && NegativeSampler.Sample.dayOf(stored) == ctx.asOfDay()) {
            NegativeSampler.Sample kept = NegativeSampler.Sample.fromBytes(stored);
            if (kept.articleIds().size() == k && java.util.Collections.disjoint(kept.articleIds(), positives)) {
                return;
            }
        }
        if (ctx.popularity() != negativePoolView) {
            // a view is a snapshot from its first read of each list, and one serves a whole emission batch: its
            // popular list is prepared once for all the batch's draws
            negativePool = NegativeSampler.Pool.of(
                    ctx.popularity().top(PopularityKind.POPULAR, AgeBucket.ALL, settings.popularListSize()));
            negativePoolView = ctx.popularity();
        }
        NegativeSampler.Sample sample = sampler.sample(profile.customerId(), ctx.asOfDay(), negativePool, positives, k);
        negatives.put(profile.customerId(), sample.toBytes());
    }

    // ---------------------------------------------------------------- refresh passes

    private void onNewDay(long streamTimeMs) {
        if (emitIntervalMs > 0 && updateCatchingUp()) {
            // a replay crosses a day every few seconds and passes wait anyway; the first check after the catch-up
            // compares with the baseline from before it, so a shift across the catch-up still starts a pass
            return;
        }
        int day = Days.fromEpochMillis(streamTimeMs);
        List<String> now = new ArrayList<>();
        for (ScoredArticle a : views.at(day).popularity().top(PopularityKind.TRENDING, AgeBucket.ALL, settings.k())) {
            now.add(a.articleId());
        }
        if (now.isEmpty()) {
            return; // nothing published yet: no baseline to keep
        }
        byte[] prev = refresh.get(TRENDING_KEY);
        refresh.put(TRENDING_KEY, String.join(",", now).getBytes(StandardCharsets.UTF_8));
        if (prev == null) {
            return; // the first look sets the baseline; a shift needs something to shift from
        }
        Set<String> before = new HashSet<>(List.of(new String(prev, StandardCharsets.UTF_8).split(",")));
        int changed = 0;
        for (String a : now) {
            if (!before.contains(a)) {
                changed++;
            }
        }
        if (changed >= trendingShiftMinChanges) {
            requestPass(RecommendationLists.TRENDING_SHIFT);
        }
    }

    private void onWallClock(long wallClockMs) {
        ModelRegistry.Active live = models.refresh(context.getStateStore(StoreNames.MODEL_RELEASES),
                context.getStateStore(StoreNames.MODEL_CHUNKS));
        String version = live.version();
        byte[] seen = refresh.get(MODEL_KEY);
        String seenVersion = seen == null ? "" : new String(seen, StandardCharsets.UTF_8);
        if (!version.equals(seenVersion)) {
            refresh.put(MODEL_KEY, version.getBytes(StandardCharsets.UTF_8));
            requestPass(RecommendationLists.MODEL_RELEASE);
        }
        runPassBatch();
    }

    /** The state of this task's refresh pass: {@code trigger} empty = no pass running. */
    record Pass(String trigger, String cursor, String pending) {
        static final Pass IDLE = new Pass("", "", "");

        byte[] toBytes() {
            return String.join("\n", trigger, cursor, pending).getBytes(StandardCharsets.UTF_8);
        }

        static Pass fromBytes(byte[] b) {
            if (b == null) {
                return IDLE;
            }
            String[] parts = new String(b, StandardCharsets.UTF_8).split("\n", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("corrupt refresh pass state: " + parts.length + " fields");
            }
            return new Pass(parts[0], parts[1], parts[2]);
        }
    }

    private void requestPass(String trigger) {
        Pass pass = Pass.fromBytes(refresh.get(PASS_KEY));
        if (pass.trigger().isEmpty()) {
            refresh.put(PASS_KEY, new Pass(trigger, "", "").toBytes());
        } else if (pass.pending().isEmpty()) {
            refresh.put(PASS_KEY, new Pass(pass.trigger(), pass.cursor(), trigger).toBytes());
        }
    }

    private void runPassBatch() {
        if (emitIntervalMs > 0 && updateCatchingUp()) {
            purchasesSinceTick = 0;
            return; // the pass waits (its state is in the store) until the task has caught up
        }
        Pass pass = Pass.fromBytes(refresh.get(PASS_KEY));
        if (pass.trigger().isEmpty()) {
            purchasesSinceTick = 0;
            return;
        }
        // "now" for a pass is the latest purchase day of this task (what queries read as DAY_KEY), not stream time:
        // stream time follows record timestamps of every input, and a record stamped by a producer's wall clock
        // instead of its event day would move it years ahead, leaving no customer active
        int day = lastDay != Integer.MIN_VALUE ? lastDay : Days.fromEpochMillis(Math.max(0L, context.currentStreamTimeMs()));
        RecContext ctx = views.at(day);
        long ts = Days.toEpochMillis(day);
        // A pass must not starve the purchase stream (in a replay trending shifts nearly every event-time day, and
        // all tasks of a thread share it): an idle task refreshes a full batch per punctuation, a busy one at most
        // one list per four purchases it processed since the last punctuation, and never for more than a quarter of
        // the interval.
        int allowed = purchasesSinceTick == 0 ? refreshBatchSize
                : Math.min(refreshBatchSize, Math.max(1, purchasesSinceTick / 4));
        purchasesSinceTick = 0;
        DeferredWork budget = deferredWork.get();
        long start = budget.now();
        long deadline = budget.grant(refreshIntervalMs * 250_000L);
        if (deadline <= start) {
            return; // the thread's deferred share is spent: the pass waits, its cursor in the store
        }
        try {
            runPassBatch(pass, ctx, day, ts, allowed, budget, deadline);
        } finally {
            budget.charge(start);
        }
    }

    private void runPassBatch(Pass pass, RecContext ctx, int day, long ts, int allowed, DeferredWork budget,
                              long deadline) {
        int emitted = 0;
        int examined = 0;
        String last = null;
        boolean exhausted = true;
        try (KeyValueIterator<String, byte[]> it = pass.cursor().isEmpty() ? edges.all() : edges.range(pass.cursor(), null)) {
            while (it.hasNext()) {
                if (emitted >= allowed || examined >= 10 * refreshBatchSize
                        || (emitted > 0 && budget.now() > deadline)) {
                    exhausted = false;
                    break;
                }
                KeyValue<String, byte[]> kv = it.next();
                if (kv.key.equals(pass.cursor())) {
                    continue; // range() is inclusive: the cursor customer was done in the previous batch
                }
                examined++;
                last = kv.key;
                CustomerEdges e = CustomerEdges.fromBytes(kv.value);
                if (!e.edges().isEmpty() && e.edges().get(0).lastDay() >= day - activeCustomerDays) {
                    // writes go to other stores than the one iterated (recommendations, negatives)
                    emit(new CustomerProfile(kv.key, views.ageBucket(kv.key), e.edges()), ctx, pass.trigger(), ts);
                    emitted++;
                }
            }
        }
        if (!exhausted && last != null) {
            refresh.put(PASS_KEY, new Pass(pass.trigger(), last, pass.pending()).toBytes());
        } else if (!exhausted) {
            return; // stopped before the first customer: same cursor next time
        } else if (!pass.pending().isEmpty()) {
            refresh.put(PASS_KEY, new Pass(pass.pending(), "", "").toBytes());
        } else {
            refresh.put(PASS_KEY, Pass.IDLE.toBytes());
        }
    }
}
