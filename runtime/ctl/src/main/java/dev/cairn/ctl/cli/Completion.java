package dev.cairn.ctl.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;

@Command(name = "completion", description = {"Print a bash (and zsh) completion script for cairnctl.",
        "Use: source <(cairnctl completion), or save it in /etc/bash_completion.d/cairnctl."})
final class Completion extends Base {
    @Override
    public Integer call() {
        root().out.print(AutoComplete.bash("cairnctl", spec.root().commandLine()));
        return 0;
    }
}
