package dev.cairn.ctl.cli;

import dev.cairn.ctl.BrokerLogin;
import dev.cairn.ctl.CtlException;
import dev.cairn.ctl.DynamicSecurity;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which broker keeps the clients: exactly one of the three options (a picocli argument group). */
final class Backend {
    @Option(names = "--mosquitto", required = true,
            description = "Mosquitto's dynamic-security plugin at --broker, with its admin's --username and --password-file")
    boolean mosquitto;

    @Option(names = "--broker-node", required = true, paramLabel = "HUB",
            description = "the embedded broker of node HUB, through signed management requests (its configurations)")
    String brokerNode;

    @Option(names = "--broker-conf", required = true, paramLabel = "DIR",
            description = "the conf/ folder of a hub that has not started yet: writes DIR/" + BrokerClientConfig.FACTORY_PID + "-NODE.json")
    Path brokerConf;

    ClientRegistry open(Cairnctl root) throws CtlException {
        if (mosquitto) {
            BrokerLogin login = root.login();
            return new MosquittoRegistry(DynamicSecurity.connect(login), login, root.fleet(), root.timeout());
        }
        if (brokerNode != null) {
            Names.check(brokerNode, "HUB");
            return new HubRegistry(root.client(), brokerNode, root.fleet(), root.timeout());
        }
        return new HubConfFiles(brokerConf, root.fleet(),
                name -> root.client().nodes().stream().filter(n -> n.node().equals(name)).findFirst());
    }
}
