// The build host moves the process's current directory to --working, and deploys bind real ports:
// runs of the host in this assembly must not overlap.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
