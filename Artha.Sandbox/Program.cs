Artha.Sandbox.SandboxApp.Create(args).Run();
