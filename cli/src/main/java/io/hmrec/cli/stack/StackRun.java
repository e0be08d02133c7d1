package io.hmrec.cli.stack;

import io.hmrec.cli.HmrecCli;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The life cycle that {@code hmrec stack} and {@code hmrec demo} share. Ctrl-C runs a shutdown hook that only asks
 * the main thread to stop and then waits (up to a grace period) until {@link #release()}, so that the main thread,
 * not the hook, closes everything in order; components are launched, then started one by one, and closed in reverse
 * order of starting, each failure collected rather than stopping the others from closing.
 */
public final class StackRun {
    private final List<StackComponent> started = new ArrayList<>();
    private final StackContext context = new StackContext();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final Thread hook;

    /**
     * @param name          names the hook's thread ({@code hmrec-<name>-stop})
     * @param grace         how long the hook lets the main thread close everything before the JVM halts
     * @param onStopRequest run by the hook right after a stop was requested (e.g. interrupt a phase in progress)
     */
    public StackRun(String name, Duration grace, Runnable onStopRequest) {
        hook = new Thread(() -> {
            stopRequested.countDown();
            onStopRequest.run();
            try {
                released.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "hmrec-" + name + "-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Launches every component (the slow parts can overlap), then starts them in order, handing each one's line to
     * {@code onStarted}; stops starting once a stop was requested.
     */
    public void start(List<StackComponent> components, BiConsumer<StackComponent, String> onStarted) throws Exception {
        for (StackComponent component : components) {
            component.launch();
        }
        for (StackComponent component : components) {
            if (stopRequested()) {
                return;
            }
            started.add(component);
            onStarted.accept(component, component.start(context));
        }
    }

    public StackContext context() {
        return context;
    }

    /** The components started so far, in start order. */
    public List<StackComponent> started() {
        return List.copyOf(started);
    }

    public boolean stopRequested() {
        return stopRequested.getCount() == 0;
    }

    /** Blocks until Ctrl-C, or at most {@code max} when it is positive. */
    public void awaitStop(Duration max) throws InterruptedException {
        if (max.isZero() || max.isNegative()) {
            stopRequested.await();
        } else {
            stopRequested.await(max.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Closes the started components in reverse order; returns one line per component that failed to close. */
    public List<String> closeStarted() {
        List<String> problems = new ArrayList<>();
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (RuntimeException e) {
                problems.add(started.get(i).name() + ": " + HmrecCli.oneLine(e));
            }
        }
        started.clear();
        return problems;
    }

    /** The last step: lets a waiting shutdown hook (and with it the JVM) finish, or removes the unused hook. */
    public void release() {
        released.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is running and has just been released
        }
    }
}
