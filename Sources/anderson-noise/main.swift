import AndersonNoiseCLI

AndersonNoiseCommand.main()
