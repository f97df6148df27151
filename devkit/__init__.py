"""Development helpers shared by the tests and the benchmarks (not part of the installed package): an app under
uvicorn on a loopback port, and the headless Chromium the browser runs use."""
