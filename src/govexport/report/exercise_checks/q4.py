"""Exercise 4 of chapter 9, in otter-grader's exception-based test format: `grader.check("q4")` in the notebook
runs it against the notebook's variables (each argument is read from the notebook by its name)."""

from otter.test_files import test_case

from govexport.report.pages import exercises

OK_FORMAT = False
name = "q4"
points = 1


@test_case(points=1, hidden=False, success_message="Right for this run's parameters.")
def test_q4(run, q4_early, q4_late):
    exercises.check("q4", run, q4_early=q4_early, q4_late=q4_late)
