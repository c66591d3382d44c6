// The build host moves the process's current directory to --working, the tests set process-wide environment
// variables, and deploys bind real ports: runs of the host in one process must not overlap.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
