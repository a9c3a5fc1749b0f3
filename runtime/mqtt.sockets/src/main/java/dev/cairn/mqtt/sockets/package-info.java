/**
 * Socket factories that turn Nagle's algorithm off for Eclipse Paho, which leaves it on: a QoS 1 round trip
 * on loopback then takes 44–88 ms instead of ~0.3 ms (STACK.md). One copy for the node's MQTT transport
 * (which embeds this package privately) and for cairnctl.
 */
package dev.cairn.mqtt.sockets;
