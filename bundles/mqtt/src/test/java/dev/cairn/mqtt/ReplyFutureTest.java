package dev.cairn.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplyFutureTest {
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> new Thread(r, "replies"));
    private final ExecutorService paho = Executors.newSingleThreadExecutor(r -> new Thread(r, "paho"));

    @AfterEach
    void stop() {
        pool.shutdownNow();
        paho.shutdownNow();
    }

    @Test
    void nothingChainedToAReplyEverRunsOnThePahoThreadThatCompletedIt() throws Exception {
        ReplyFuture<String> reply = new ReplyFuture<>(pool, new ReceivingThread());
        List<String> threads = new CopyOnWriteArrayList<>();
        CompletionStage<String> stage = reply;
        CompletableFuture<Integer> chained = stage.thenApply(s -> { threads.add(Thread.currentThread().getName()); return s.length(); })
                .thenApply(n -> { threads.add(Thread.currentThread().getName()); return n + 1; })
                .toCompletableFuture();
        stage.whenComplete((s, e) -> threads.add(Thread.currentThread().getName()));
        stage.thenAccept(s -> threads.add(Thread.currentThread().getName()));

        paho.submit(() -> reply.complete("hello")).get(5, TimeUnit.SECONDS);
        assertThat(reply.get(5, TimeUnit.SECONDS)).isEqualTo("hello");
        assertThat(chained.get(5, TimeUnit.SECONDS)).isEqualTo(6);
        // after completion too: a stage chained late runs on the pool, not on the caller's thread
        String late = reply.thenApply(s -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> threads.size() == 4);
        assertThat(threads).containsOnly("replies");
        assertThat(late).isEqualTo("replies");
    }

    @Test
    void waitingForAReplyOnTheThreadThatReceivesRepliesFailsAtOnce() throws Exception {
        ReceivingThread receiving = new ReceivingThread();
        ReplyFuture<String> reply = new ReplyFuture<>(pool, receiving);
        CompletableFuture<String> dependent = reply.thenApply(s -> s);

        Throwable waitedOnPaho = paho.submit(() -> {
            receiving.arrived();
            try {
                dependent.get(5, TimeUnit.SECONDS);
                return null;
            } catch (IllegalStateException e) {
                return e;
            }
        }).get(5, TimeUnit.SECONDS);

        assertThat(waitedOnPaho).hasMessageContaining("non-blocking");
        paho.submit(() -> reply.complete("late")).get(5, TimeUnit.SECONDS);
        assertThat(dependent.get(5, TimeUnit.SECONDS)).as("other threads still wait as usual").isEqualTo("late");
    }
}
