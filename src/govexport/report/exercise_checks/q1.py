"""Exercise 1 of chapter 9, in otter-grader's exception-based test format: `grader.check("q1")` in the notebook
runs it against the notebook's variables (each argument is read from the notebook by its name)."""

from otter.test_files import test_case

from govexport.report.pages import exercises

OK_FORMAT = False
name = "q1"
points = 1


@test_case(points=1, hidden=False, success_message="Right for this run's parameters.")
def test_q1(run, q1_estimate):
    exercises.check("q1", run, q1_estimate=q1_estimate)
