package io.hmrec.trainer.model;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How PyTorch's CPU tensors get their memory, set once per process before the first tensor exists. Every LightGCN
 * step allocates and frees a few tensors the size of the whole graph (a 64-d table of 1.47M nodes is 376 MB), and on
 * this project's VMs a page fault costs 10–25 µs: faulting those tensors in 4 KiB at a time, 92k faults each, was
 * most of an epoch, not the arithmetic.
 *
 * <p>{@link Mode#HUGE_PAGES}, wherever the kernel offers transparent huge pages ({@code always} or {@code madvise}):
 * sets {@code THP_MEM_ALLOC_ENABLE=1} for libtorch, which then aligns allocations of 2 MiB and more to 2 MiB and
 * advises the kernel to back them with huge pages, one fault per 2 MiB. Full size, 2 cores, idle: LightGCN epoch
 * 368.7 → 95.6 s, dot-product CF 126 → 42 s, same peak memory. libtorch reads the variable once, at its first CPU
 * allocation, so this must run before any tensor exists ({@link Devices#pick} and {@link EmbeddingTables} call it);
 * a value the user set in the environment is kept. {@code -Dhmrec.hugePages=false} turns it off to compare.
 *
 * <p>{@link Mode#RETAIN_FREED_PAGES}, the fallback without huge pages (or with them turned off): two {@code mallopt}
 * calls make glibc keep freed blocks in the process ({@code M_MMAP_MAX = 0}, {@code M_TRIM_THRESHOLD = INT_MAX}), so
 * the next step reuses pages already mapped (a sparse product of the 10% graph: 0.53 → 0.05 s). Freed blocks of many
 * sizes fragment the heap, so {@link #trimIfAbove} hands free pages back after any step that leaves the resident set
 * above the budget ({@code -Dhmrec.nativeMemoryBudgetMb}, default a third of physical memory).
 * {@code -Dhmrec.retainFreedPages=false} turns it off too. Not glibc, not Linux: nothing happens ({@link Mode#NONE}).
 */
public final class NativeMemory {
    public static final String HUGE_PAGES_PROPERTY = "hmrec.hugePages";
    public static final String PROPERTY = "hmrec.retainFreedPages";
    public static final String BUDGET_PROPERTY = "hmrec.nativeMemoryBudgetMb";
    /** libtorch's switch for huge-page-aligned CPU allocations (c10 alloc_cpu, PyTorch ≥ 2.3). */
    static final String TORCH_THP_VARIABLE = "THP_MEM_ALLOC_ENABLE";
    private static final Path THP_MODE = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    private static final Logger LOG = LoggerFactory.getLogger(NativeMemory.class);
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_MMAP_MAX = -4;
    private static final long PAGE_BYTES = 4096;
    private static final AtomicLong TRIMS = new AtomicLong();
    private static volatile Mode mode;
    private static volatile Function mallocTrim;
    private static volatile long budgetBytes;

    /** What {@link #prepare} put in effect. */
    public enum Mode {
        /** libtorch allocates large tensors on transparent huge pages. */
        HUGE_PAGES,
        /** glibc keeps freed pages in the process, trimmed back above the budget. */
        RETAIN_FREED_PAGES,
        /** neither: the platform's defaults. */
        NONE
    }

    private NativeMemory() {}

    /** Puts the settings in effect once per process (call before the first tensor); returns which. */
    public static Mode prepare() {
        Mode m = mode;
        if (m != null) {
            return m;
        }
        synchronized (NativeMemory.class) {
            if (mode == null) {
                mode = apply();
            }
            return mode;
        }
    }

    /**
     * Hands free native memory back to the OS when the resident set is above the budget; call between steps. Returns
     * whether it trimmed. Only in {@link Mode#RETAIN_FREED_PAGES}; cheap otherwise and when under budget (one read
     * of {@code /proc/self/statm}).
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

    /** The kernel's transparent-huge-page mode ("always", "madvise", "never"), or "" where there is none. */
    static String transparentHugePageMode(Path modeFile) {
        try {
            String text = Files.readString(modeFile);
            int open = text.indexOf('[');
            int close = text.indexOf(']', open + 1);
            return open < 0 || close < 0 ? "" : text.substring(open + 1, close);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static Mode apply() {
        String thp = transparentHugePageMode(THP_MODE);
        boolean thpUsable = thp.equals("always") || thp.equals("madvise");
        if (thpUsable && Boolean.parseBoolean(System.getProperty(HUGE_PAGES_PROPERTY, "true"))) {
            try {
                // native setenv, not System.getenv's snapshot: libtorch reads the C environment
                Function setenv = NativeLibrary.getInstance("c").getFunction("setenv");
                int rc = setenv.invokeInt(new Object[] {TORCH_THP_VARIABLE, "1", 0});
                String value = System.getenv(TORCH_THP_VARIABLE);
                if (rc == 0 && (value == null || value.equals("1"))) {
                    LOG.debug("transparent huge pages ({}) for PyTorch's CPU tensors", thp);
                    return Mode.HUGE_PAGES;
                }
                LOG.info("{}={} set in the environment: kept", TORCH_THP_VARIABLE, value);
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                LOG.debug("cannot set {} ({}); trying page retention", TORCH_THP_VARIABLE, e.toString());
            }
        }
        return retainFreedPages() ? Mode.RETAIN_FREED_PAGES : Mode.NONE;
    }

    private static boolean retainFreedPages() {
        if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
            LOG.info("glibc keeps returning freed memory to the OS ({}=false)", PROPERTY);
            return false;
        }
        try {
            Function mallopt = NativeLibrary.getInstance("c").getFunction("mallopt");
            Function trim = NativeLibrary.getInstance("c").getFunction("malloc_trim");
            // mallopt returns 1 on success
            boolean ok = mallopt.invokeInt(new Object[] {M_MMAP_MAX, 0}) == 1
                    && mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, Integer.MAX_VALUE}) == 1;
            if (ok) {
                budgetBytes = budget();
                mallocTrim = trim;
            }
            LOG.debug("glibc mallopt: mmap off, trim off: {}; trimmed back above {} MB", ok, budgetBytes >> 20);
            return ok;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.debug("no glibc mallopt here ({}); freed memory handling left as it is", e.toString());
            return false;
        }
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
            String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split(" ");
            return Long.parseLong(statm[1]) * PAGE_BYTES;
        } catch (IOException | RuntimeException e) {
            return 0; // unknown: never trim
        }
    }
}
