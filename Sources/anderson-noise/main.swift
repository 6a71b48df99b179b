import AndersonNoiseCLI

AndersonNoiseCommand.runAsExecutable()
