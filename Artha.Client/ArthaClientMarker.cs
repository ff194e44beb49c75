namespace Artha.Client;

internal static class ArthaClientMarker;
