// One portal and one Chromium at a time: the journeys measure live updates and CI has two cores, so classes running
// side by side would only make timings noisy and waits flaky.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
