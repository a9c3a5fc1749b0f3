package dev.cairn.mqtt.sockets;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.mqttv5.client.internal.CommsCallback;
import org.eclipse.paho.mqttv5.client.internal.CommsReceiver;
import org.eclipse.paho.mqttv5.client.internal.CommsSender;

/**
 * Ends the sleep in Paho's thread starts as soon as the thread runs.
 *
 * <p>In a connect, Paho 1.2.5 starts its receiver, sender and callback loops one after the other, and after each
 * submit polls {@code while (!isRunning()) Thread.sleep(100)} on the connecting thread. The new thread is never
 * running yet at the first look (the connecting thread holds the lock it needs), so every connect slept 3 × 100 ms
 * before it sent CONNECT (eclipse-paho/paho.mqtt.java#945, open in 1.2.5 and on master); a raw CONNECT to the same
 * broker gets its CONNACK in 4 ms. The sleep ends at an interrupt and then looks again, so a waker waits until the
 * new loop runs and interrupts the connecting thread — only while that thread's stack shows it in that very sleep,
 * so no interrupt lands anywhere else. Should the sleep end by itself just before the interrupt (a window of
 * microseconds after 100 ms), the interrupt ends the next start's sleep early, or falls on the connect thread as it
 * ends, where nothing waits any more.
 */
final class StartWaker {
    /** How long a waker watches one start at most; Paho's own loop goes on regardless. */
    private static final long LIMIT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    /** Starts whose sleep an interrupt ended; starts that saw the loop running at their first look. */
    final LongAdder woken = new LongAdder();
    final LongAdder notSlept = new LongAdder();

    /** When {@code task} is one of Paho's polled loops, being started by {@code starter}: wakes it once it runs. */
    void wakeWhenRunning(Thread starter, Runnable task) {
        BooleanSupplier running = runningOf(task);
        if (running == null) return;
        String startingClass = task.getClass().getName();
        Thread waker = new Thread(() -> watch(starter, startingClass, running), starter.getName() + " waker");
        waker.setDaemon(true);
        waker.start();
    }

    private static BooleanSupplier runningOf(Runnable task) {
        if (task instanceof CommsReceiver r) return r::isRunning;
        if (task instanceof CommsSender s) return s::isRunning;
        if (task instanceof CommsCallback c) return c::isRunning;
        return null;
    }

    private void watch(Thread starter, String startingClass, BooleanSupplier running) {
        long end = System.nanoTime() + LIMIT_NANOS;
        while (!running.getAsBoolean()) {
            if (System.nanoTime() > end) return;
            LockSupport.parkNanos(PAUSE_NANOS);
        }
        while (System.nanoTime() < end) {
            switch (placeOf(starter, startingClass)) {
                case SLEEPING_IN_START -> {
                    woken.increment();
                    starter.interrupt();
                    return;
                }
                case GONE -> {
                    notSlept.increment();   // it saw the loop running at its first look
                    return;
                }
                case IN_START -> LockSupport.parkNanos(PAUSE_NANOS);
            }
        }
    }

    private enum Place { SLEEPING_IN_START, IN_START, GONE }

    private static Place placeOf(Thread starter, String startingClass) {
        StackTraceElement[] stack = starter.getStackTrace();
        for (int i = 0; i < stack.length; i++) {
            if (stack[i].getClassName().equals(startingClass) && stack[i].getMethodName().equals("start")) {
                boolean sleeping = i == 1 && stack[0].getClassName().equals("java.lang.Thread")
                        && stack[0].getMethodName().equals("sleep");
                return sleeping ? Place.SLEEPING_IN_START : Place.IN_START;
            }
        }
        return Place.GONE;
    }
}
