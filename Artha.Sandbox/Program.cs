namespace Artha.Sandbox;

// An explicit class in the sandbox's namespace, so it never clashes with the portal's Program when both are referenced.
public static class Program
{
    public static void Main(string[] args) => SandboxApp.Create(args).Run();
}
