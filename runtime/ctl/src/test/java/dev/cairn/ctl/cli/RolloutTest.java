package dev.cairn.ctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.ctl.CtlException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The rollout of an upgrade over fake nodes: order, how many at once, and the stop at the first failure. */
class RolloutTest {
    private static final List<String> FLEET = List.of("n1", "n2", "n3", "n4", "n5");

    /** A fake fleet: records starts and how many ran at once; nodes named in {@code failing} fail. */
    private static final class Fleet implements Rollout.Step {
        final List<String> started = new CopyOnWriteArrayList<>();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final Set<String> failing;
        final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();

        Fleet(String... failing) {
            this.failing = Set.of(failing);
        }

        @Override
        public Rollout.Result run(String node) throws Exception {
            started.add(node);
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                CountDownLatch hold = holds.get(node);
                if (hold != null && !hold.await(10, TimeUnit.SECONDS)) throw new AssertionError(node + " was never released");
                if (node.equals("boom")) throw new CtlException(CtlException.Kind.UNREACHABLE, "no node boom online");
                if (failing.contains(node)) return Rollout.Result.failed(node, node + ": rolled back to 0.1.0: broken", 1);
                if (node.startsWith("same")) return Rollout.Result.skipped(node, node + ": already runs 0.2.0, skipped");
                return Rollout.Result.done(node, node + ": upgraded 0.1.0 -> 0.2.0");
            } finally {
                running.decrementAndGet();
            }
        }
    }

    private static List<Rollout.State> states(List<Rollout.Result> results) {
        return results.stream().map(Rollout.Result::state).toList();
    }

    @Test
    void oneAtATimeGoesInTheOrderGivenAndNeverOverlaps() throws Exception {
        Fleet fleet = new Fleet();
        List<Rollout.Result> results = Rollout.run(FLEET, 1, fleet);
        assertThat(fleet.started).containsExactlyElementsOf(FLEET);
        assertThat(fleet.mostAtOnce).hasValue(1);
        assertThat(states(results)).containsOnly(Rollout.State.DONE);
        assertThat(results).extracting(Rollout.Result::node).containsExactlyElementsOf(FLEET);
    }

    @Test
    void theFirstFailureStopsTheRolloutAndTheNodesAfterItAreNotTouched() throws Exception {
        Fleet fleet = new Fleet("n2");
        List<Rollout.Result> results = Rollout.run(FLEET, 1, fleet);
        assertThat(fleet.started).containsExactly("n1", "n2");
        assertThat(states(results)).containsExactly(Rollout.State.DONE, Rollout.State.FAILED,
                Rollout.State.NOT_STARTED, Rollout.State.NOT_STARTED, Rollout.State.NOT_STARTED);
        assertThat(results.get(1).message()).isEqualTo("n2: rolled back to 0.1.0: broken");
        assertThat(results.get(1).exitCode()).isEqualTo(1);
    }

    @Test
    void maxUnavailableRunsThatManyAtOnceButNeverMore() throws Exception {
        Fleet fleet = new Fleet();
        // every node waits until a second one runs beside it (the last one, alone, need not): one at a time could not pass
        CountDownLatch pair = new CountDownLatch(2);
        Rollout.Step step = node -> {
            pair.countDown();
            if (!node.equals("n5") && !pair.await(10, TimeUnit.SECONDS)) throw new AssertionError(node + " ran alone");
            return fleet.run(node);
        };
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<Rollout.Result> results = Rollout.run(FLEET, 2, node -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                return step.run(node);
            } finally {
                running.decrementAndGet();
            }
        });
        assertThat(mostAtOnce).hasValue(2);
        assertThat(fleet.started).containsExactlyInAnyOrderElementsOf(FLEET);
        assertThat(states(results)).containsOnly(Rollout.State.DONE);
    }

    @Test
    void withSeveralAtOnceAFailureLetsTheOnesUnderWayFinishAndStartsNoMore() throws Exception {
        Fleet fleet = new Fleet("n1");
        CountDownLatch n2 = new CountDownLatch(1);
        fleet.holds.put("n2", n2);
        CountDownLatch n2Started = new CountDownLatch(1);
        // n1 fails while n2 is still under way: n1 waits until n2 has started (else n1 could fail before n2 is
        // handed out, and rightly no n2 would start), and n2 is let go only after n1's failure is in
        Rollout.Step step = node -> {
            if (node.equals("n2")) n2Started.countDown();
            if (node.equals("n1") && !n2Started.await(10, TimeUnit.SECONDS)) throw new AssertionError("n2 never started");
            Rollout.Result r = fleet.run(node);
            if (node.equals("n1")) n2.countDown();
            return r;
        };
        List<Rollout.Result> results = Rollout.run(FLEET, 2, step);
        assertThat(fleet.started).containsExactlyInAnyOrder("n1", "n2");
        assertThat(states(results)).containsExactly(Rollout.State.FAILED, Rollout.State.DONE,
                Rollout.State.NOT_STARTED, Rollout.State.NOT_STARTED, Rollout.State.NOT_STARTED);
    }

    @Test
    void aSkippedNodeIsNoFailureAndAThrowIsOneWithItsExitCode() throws Exception {
        Fleet fleet = new Fleet();
        List<Rollout.Result> results = Rollout.run(List.of("same-1", "n1", "boom", "n2"), 1, fleet);
        assertThat(states(results)).containsExactly(Rollout.State.SKIPPED, Rollout.State.DONE, Rollout.State.FAILED, Rollout.State.NOT_STARTED);
        assertThat(results.get(2).message()).isEqualTo("no node boom online");
        assertThat(results.get(2).exitCode()).isEqualTo(3);
    }

    @Test
    void atLeastOneNodeAtATime() {
        assertThatThrownBy(() -> Rollout.run(FLEET, 0, new Fleet())).hasMessageContaining("at least 1");
    }
}
