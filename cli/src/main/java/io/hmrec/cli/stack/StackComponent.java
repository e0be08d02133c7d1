package io.hmrec.cli.stack;

/**
 * One process-local part of the local stack (broker, registry, streams app, trainer, ...). The stack starts its
 * components in order, each seeing what the earlier ones published in the {@link StackContext}, prints their
 * health, and closes them in reverse order on Ctrl-C.
 */
public interface StackComponent extends AutoCloseable {

    /** Short name for logs and the health line, e.g. {@code kafka}. */
    String name();

    /**
     * Kicks off slow work that needs nothing from other components (e.g. launching a child JVM), so it overlaps
     * with the start of earlier components. Called for every component, in order, before any {@link #start}.
     */
    default void launch() throws Exception {
    }

    /**
     * Starts the component; blocks until it is usable. May publish endpoints into {@code context}.
     *
     * @return one line describing where it runs (ports, URLs, log files)
     */
    String start(StackContext context) throws Exception;

    /** Current health; cheap enough to call every few seconds. */
    Health health();

    /** Stops the component and releases its resources; idempotent. */
    @Override
    void close();

    /**
     * @param up     whether the component works
     * @param detail a few words (e.g. {@code 1 broker}, {@code 7/7 topics})
     */
    record Health(boolean up, String detail) {
        public static Health up(String detail) {
            return new Health(true, detail);
        }

        public static Health down(String detail) {
            return new Health(false, detail);
        }

        @Override
        public String toString() {
            return (up ? "UP" : "DOWN") + (detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }
}
