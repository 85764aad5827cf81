from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "wijkteam.casework"
    label = "casework"

    def ready(self) -> None:
        # households asks casework about the work on a household (first trajectory, phase)
        # without importing it: see households/work.py.
        from wijkteam.casework.household_work import TrajectoryWork
        from wijkteam.households.work import work_register

        work_register(TrajectoryWork())
