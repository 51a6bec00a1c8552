"""`python -m bot.intake [--once|--watch]`: the intake job without the assembled `bvr`
command (the SIGKILL test and the benchmark run it so; configuration from `$BVR_CONFIG`)."""

from bot.intake.cli import intake

intake(prog_name="bvr intake")
