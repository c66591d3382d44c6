using Pipeline.Build;

return BuildHost.Create().Run(args);
