// The build host moves the process's current directory to --working, the tests set process-wide environment
// variables, and deploys bind real ports: runs of the host in one process must not overlap. The Test target runs
// this project's namespaces in processes of their own side by side instead (config/quality.json: runApart).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
