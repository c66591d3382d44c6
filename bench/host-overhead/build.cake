// The same three-task graph as the host's Noop path, run by the Cake script runner for comparison.
var target = Argument("target", "Noop");

Task("Noop").Does(() => { });

RunTarget(target);
