package dev.cairn.ctl.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A change carried out node by node, at most {@code maxUnavailable} at once, in the order given, that starts no
 * further node once one has failed: the nodes already under way finish, the rest are left as they were.
 */
final class Rollout {
    enum State { DONE, SKIPPED, FAILED, NOT_STARTED }

    /** How one node came out; {@code message} says what happened, for a person. */
    record Result(String node, State state, String message, int exitCode) {
        static Result done(String node, String message) {
            return new Result(node, State.DONE, message, 0);
        }

        static Result skipped(String node, String message) {
            return new Result(node, State.SKIPPED, message, 0);
        }

        static Result failed(String node, String message, int exitCode) {
            return new Result(node, State.FAILED, message, exitCode);
        }
    }

    /** The change on one node; a throw counts as a failure of that node. */
    @FunctionalInterface
    interface Step {
        Result run(String node) throws Exception;
    }

    private Rollout() {}

    /** Runs {@code step} over {@code nodes}; the results are in the order of {@code nodes}. */
    static List<Result> run(List<String> nodes, int maxUnavailable, Step step) throws InterruptedException {
        if (maxUnavailable < 1) throw new IllegalArgumentException("--max-unavailable must be at least 1, not " + maxUnavailable);
        Map<String, Result> results = new LinkedHashMap<>();
        for (String n : nodes) results.put(n, new Result(n, State.NOT_STARTED, "not started: an earlier node failed", 0));
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(maxUnavailable, Math.max(1, nodes.size())), r -> {
            Thread t = new Thread(r, "cairnctl-rollout");
            t.setDaemon(true);
            return t;
        });
        ExecutorCompletionService<Result> done = new ExecutorCompletionService<>(pool);
        try {
            int next = 0;
            int running = 0;
            // Set by the worker as its node fails, before its result is taken: a node under way that finishes
            // at the same moment must not start another one because its result was taken first.
            AtomicBoolean failed = new AtomicBoolean();
            while (true) {
                while (!failed.get() && running < maxUnavailable && next < nodes.size()) {
                    String node = nodes.get(next++);
                    done.submit(() -> {
                        Result r = guarded(step, node);
                        if (r.state() == State.FAILED) failed.set(true);
                        return r;
                    });
                    running++;
                }
                if (running == 0) break;
                Future<Result> f = done.take();
                running--;
                Result r;
                try {
                    r = f.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());   // guarded() never throws
                }
                results.put(r.node(), r);
            }
        } finally {
            pool.shutdownNow();
        }
        return new ArrayList<>(results.values());
    }

    private static Result guarded(Step step, String node) {
        try {
            Result r = step.run(node);
            return r != null ? r : Result.failed(node, "no result", 1);
        } catch (Exception e) {
            return Result.failed(node, e.getMessage() != null ? e.getMessage() : e.toString(),
                    e instanceof dev.cairn.ctl.CtlException ce ? ce.exitCode() : 1);
        }
    }
}
