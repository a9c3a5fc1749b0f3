package dev.cairn.mqtt;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A request's result, completed on Paho's thread so that a caller blocked in {@code get()} or
 * {@code join()} wakes at once — no hand-off to another thread first — while every action a caller chains
 * to it runs on the reply pool, never on Paho's thread: the plain {@code then…} forms behave as their
 * {@code …Async} forms, and what they return behaves the same.
 */
final class ReplyFuture<T> extends CompletableFuture<T> {
    private final Executor pool;
    private final ReceivingThread receiving;

    ReplyFuture(Executor pool, ReceivingThread receiving) {
        this.pool = pool;
        this.receiving = receiving;
    }

    /*
     * Waiting for a reply on the thread that receives replies can only end in the time-out: a
     * non-blocking handler that asks another node and waits. It fails at once, saying so.
     */
    @Override
    public T get() throws InterruptedException, ExecutionException {
        refuseWaitOnReceivingThread();
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        refuseWaitOnReceivingThread();
        return super.get(timeout, unit);
    }

    @Override
    public T join() {
        refuseWaitOnReceivingThread();
        return super.join();
    }

    private void refuseWaitOnReceivingThread() {
        if (!isDone() && receiving.isCurrent()) {
            throw new IllegalStateException("a reply over MQTT cannot be awaited on the thread that receives it: a handler"
                    + " declared non-blocking must not wait for another request (chain to the stage, or declare the handler may-block)");
        }
    }

    @Override
    public Executor defaultExecutor() {
        return pool;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new ReplyFuture<>(pool, receiving);
    }

    @Override
    public <U> CompletableFuture<U> thenApply(Function<? super T, ? extends U> fn) {
        return thenApplyAsync(fn);
    }

    @Override
    public CompletableFuture<Void> thenAccept(Consumer<? super T> action) {
        return thenAcceptAsync(action);
    }

    @Override
    public CompletableFuture<Void> thenRun(Runnable action) {
        return thenRunAsync(action);
    }

    @Override
    public <U, V> CompletableFuture<V> thenCombine(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
        return thenCombineAsync(other, fn);
    }

    @Override
    public <U> CompletableFuture<Void> thenAcceptBoth(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
        return thenAcceptBothAsync(other, action);
    }

    @Override
    public CompletableFuture<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
        return runAfterBothAsync(other, action);
    }

    @Override
    public <U> CompletableFuture<U> applyToEither(CompletionStage<? extends T> other, Function<? super T, U> fn) {
        return applyToEitherAsync(other, fn);
    }

    @Override
    public CompletableFuture<Void> acceptEither(CompletionStage<? extends T> other, Consumer<? super T> action) {
        return acceptEitherAsync(other, action);
    }

    @Override
    public CompletableFuture<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
        return runAfterEitherAsync(other, action);
    }

    @Override
    public <U> CompletableFuture<U> thenCompose(Function<? super T, ? extends CompletionStage<U>> fn) {
        return thenComposeAsync(fn);
    }

    @Override
    public CompletableFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
        return whenCompleteAsync(action);
    }

    @Override
    public <U> CompletableFuture<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
        return handleAsync(fn);
    }

    @Override
    public CompletableFuture<T> exceptionally(Function<Throwable, ? extends T> fn) {
        return exceptionallyAsync(fn);
    }

    @Override
    public CompletableFuture<T> exceptionallyCompose(Function<Throwable, ? extends CompletionStage<T>> fn) {
        return exceptionallyComposeAsync(fn);
    }
}
