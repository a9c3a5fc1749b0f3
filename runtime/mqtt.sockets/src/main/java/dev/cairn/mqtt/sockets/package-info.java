/**
 * What Eclipse Paho needs around it to be fast, one copy for the node's MQTT transport (which embeds this package
 * privately) and for cairnctl: socket factories that turn Nagle's algorithm off, which Paho leaves on (a QoS 1
 * round trip on loopback then takes 44–88 ms instead of ~0.3 ms, STACK.md), and the threads Paho runs on, which take
 * the 300 ms of sleeps out of its connect (eclipse-paho/paho.mqtt.java#945).
 */
package dev.cairn.mqtt.sockets;
