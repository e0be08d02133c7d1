package io.hmrec.trainer.model;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes glibc keep freed memory in the process so that PyTorch's next CPU tensor reuses pages that are already
 * mapped. Every step of LightGCN allocates and frees a few tensors the size of the whole graph; glibc serves blocks
 * that large with a fresh {@code mmap} and returns them with {@code munmap}, so every step page-faults its working
 * set in anew. On this project's VMs a page fault costs 10–25 µs, and a 376 MB embedding table is 92k pages: the
 * faults, not the arithmetic, were most of an epoch (a sparse product of the 10% graph took 0.53 s before and 0.05 s
 * after). Two {@code mallopt} calls fix it: no {@code mmap} for large blocks ({@code M_MMAP_MAX = 0}, so they come
 * from the heap and return to it) and no trimming of the heap ({@code M_TRIM_THRESHOLD = INT_MAX}).
 *
 * <p>The cost is memory: freed blocks of many sizes fragment the heap, and at the full preset's size the process grew
 * past 19 GB. So {@link #trimIfAbove} is called after every step: when the resident set exceeds the budget
 * ({@code -Dhmrec.nativeMemoryBudgetMb}, default a third of physical memory), {@code malloc_trim(0)} hands the free
 * pages back, and the next steps fault in only what they need again. Not glibc (macOS, musl): nothing happens.
 * {@code -Dhmrec.retainFreedPages=false} turns it off, to measure the difference.
 */
public final class NativeMemory {
    public static final String PROPERTY = "hmrec.retainFreedPages";
    public static final String BUDGET_PROPERTY = "hmrec.nativeMemoryBudgetMb";
    private static final Logger LOG = LoggerFactory.getLogger(NativeMemory.class);
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_MMAP_MAX = -4;
    private static final AtomicReference<Boolean> APPLIED = new AtomicReference<>();
    private static final long PAGE_BYTES = 4096;
    private static volatile Function mallocTrim;
    private static volatile long budgetBytes;
    private static final java.util.concurrent.atomic.AtomicLong TRIMS = new java.util.concurrent.atomic.AtomicLong();

    private NativeMemory() {}

    /** Applies the settings once per process; true when they are in effect. */
    public static boolean retainFreedPages() {
        Boolean applied = APPLIED.get();
        if (applied != null) {
            return applied;
        }
        synchronized (NativeMemory.class) {
            if (APPLIED.get() == null) {
                APPLIED.set(apply());
            }
            return APPLIED.get();
        }
    }

    /**
     * Hands free native memory back to the OS when the resident set is above the budget; call between steps. Returns
     * whether it trimmed. Cheap when under budget (one read of {@code /proc/self/statm}).
     */
    public static boolean trimIfAbove() {
        Function trim = mallocTrim;
        if (trim == null) {
            return false;
        }
        long rss = residentBytes();
        if (rss <= budgetBytes) {
            return false;
        }
        trim.invokeInt(new Object[] {0});
        TRIMS.incrementAndGet();
        LOG.debug("resident {} MB over the {} MB budget: trimmed to {} MB", rss >> 20, budgetBytes >> 20,
                residentBytes() >> 20);
        return true;
    }

    /** How often {@link #trimIfAbove} trimmed so far (benchmarks print it: each trim costs page faults later). */
    public static long trims() {
        return TRIMS.get();
    }

    /** The resident-set budget in MB above which freed memory goes back to the OS; 0 when not in effect. */
    public static long budgetMb() {
        return mallocTrim == null ? 0 : budgetBytes >> 20;
    }

    private static long budget() {
        String configured = System.getProperty(BUDGET_PROPERTY);
        if (configured != null) {
            long mb = Long.parseLong(configured.trim());
            if (mb <= 0) {
                throw new IllegalArgumentException(BUDGET_PROPERTY + " must be > 0 (MB), got " + configured);
            }
            return mb << 20;
        }
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long physical = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : 0;
        return physical > 0 ? physical / 3 : 4L << 30;
    }

    private static long residentBytes() {
        try {
            String[] statm = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/statm")).trim().split(" ");
            return Long.parseLong(statm[1]) * PAGE_BYTES;
        } catch (java.io.IOException | RuntimeException e) {
            return 0; // unknown: never trim
        }
    }

    private static boolean apply() {
        if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
            LOG.info("glibc keeps returning freed memory to the OS ({}=false)", PROPERTY);
            return false;
        }
        try {
            Function mallopt = NativeLibrary.getInstance("c").getFunction("mallopt");
            // mallopt returns 1 on success
            Function trim = NativeLibrary.getInstance("c").getFunction("malloc_trim");
            boolean ok = mallopt.invokeInt(new Object[] {M_MMAP_MAX, 0}) == 1
                    && mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, Integer.MAX_VALUE}) == 1;
            budgetBytes = budget();
            mallocTrim = trim;
            LOG.debug("glibc mallopt: mmap off, trim off: {}; trimmed back above {} MB", ok, budgetBytes >> 20);
            return ok;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.debug("no glibc mallopt here ({}); freed memory handling left as it is", e.toString());
            return false;
        }
    }
}
