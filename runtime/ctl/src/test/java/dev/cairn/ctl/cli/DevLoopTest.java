package dev.cairn.ctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dev loop's timing with a cycle that only counts: one build per burst, never two at once, failures survived. */
class DevLoopTest {
    private static final Duration QUIET = Duration.ofMillis(50);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final AtomicInteger cycles = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    /** Released once per idle, so a test can wait for the loop to have nothing left to do. */
    private final Semaphore idle = new Semaphore(0);
    private DevLoop loop;

    @AfterEach
    void close() throws InterruptedException {
        if (loop != null) assertThat(loop.close(WAIT)).as("the worker ended").isTrue();
    }

    private DevLoop loop(DevLoop.Cycle body) {
        return loop(QUIET, body);
    }

    private DevLoop loop(Duration quiet, DevLoop.Cycle body) {
        loop = new DevLoop(quiet, first -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                cycles.incrementAndGet();
                body.run(first);
            } finally {
                running.decrementAndGet();
            }
        }, new DevLoop.Listener() {
            @Override
            public void idle() {
                idle.release();
            }
        });
        return loop;
    }

    private void awaitIdle() throws InterruptedException {
        assertThat(idle.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("the loop went idle").isTrue();
    }

    @Test
    void aBurstOfChangesIsOneBuild() throws InterruptedException {
        loop(first -> {}).start();
        for (int i = 0; i < 50; i++) loop.changed();
        awaitIdle();
        assertThat(cycles).hasValue(1);
        assertThat(loop.pending()).isZero();
        assertThat(idle.availablePermits()).as("no second build queued").isZero();
    }

    @Test
    void changesDuringABuildMakeExactlyOneMoreBuildAndNeverTwoAtOnce() throws InterruptedException {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        loop(first -> {
            if (cycles.get() == 1) {
                firstStarted.countDown();
                assertThat(release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            }
        }).start();
        loop.changed();
        assertThat(firstStarted.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        for (int i = 0; i < 20; i++) loop.changed();   // saved while it builds
        assertThat(loop.pending()).isEqualTo(20);
        release.countDown();
        awaitIdle();
        assertThat(cycles).hasValue(2);
        assertThat(mostAtOnce).hasValue(1);
        assertThat(loop.pending()).isZero();
    }

    @Test
    void aBuildStartsOnlyOnceTheChangesStop() throws InterruptedException {
        loop(Duration.ofSeconds(1), first -> {}).start();   // long enough that a loaded machine never pauses this thread that long
        loop.changed();
        // as long as changes keep coming within the quiet period, nothing is built
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        while (System.nanoTime() < end) {
            loop.changed();
            assertThat(cycles).hasValue(0);
            Thread.onSpinWait();
        }
        awaitIdle();
        assertThat(cycles).hasValue(1);
    }

    @Test
    void theCycleIsToldWhenTheFirstChangeOfItsBurstCame() throws InterruptedException {
        AtomicInteger seenAgeMillis = new AtomicInteger(-1);
        loop(first -> seenAgeMillis.set((int) TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - first)));
        long before = System.nanoTime();
        loop.changed();
        loop.start();
        awaitIdle();
        assertThat((long) seenAgeMillis.get()).isBetween(QUIET.toMillis(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before));
    }

    @Test
    void aFailingCycleDoesNotEndTheLoop() throws InterruptedException {
        AtomicInteger failures = new AtomicInteger();
        loop = new DevLoop(QUIET, first -> {
            if (cycles.incrementAndGet() == 1) throw new IllegalStateException("broken build tool");
        }, new DevLoop.Listener() {
            @Override
            public void failed(RuntimeException e) {
                failures.incrementAndGet();
            }

            @Override
            public void idle() {
                idle.release();
            }
        }).start();
        loop.changed();
        awaitIdle();
        loop.changed();
        awaitIdle();
        assertThat(cycles).hasValue(2);
        assertThat(failures).hasValue(1);
    }

    @Test
    void closingInterruptsARunningBuildAndEndsTheWorker() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        loop(first -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
        }).start();
        loop.changed();
        assertThat(started.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(loop.close(WAIT)).isTrue();
        assertThat(interrupted.getCount()).isZero();
        loop = null;
    }

    @Test
    void closingWhileWaitingForChangesEndsTheWorker() throws InterruptedException {
        loop(first -> {}).start();
        loop.changed();
        await().atMost(WAIT).until(() -> cycles.get() == 1);
        assertThat(loop.close(WAIT)).isTrue();
        loop.changed();   // after close: ignored
        assertThat(cycles).hasValue(1);
        loop = null;
    }
}
