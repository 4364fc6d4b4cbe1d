"""Exercise 5 of chapter 9, in otter-grader's exception-based test format: `grader.check("q5")` in the notebook
runs it against the notebook's variables (each argument is read from the notebook by its name)."""

from otter.test_files import test_case

from govexport.report.pages import exercises

OK_FORMAT = False
name = "q5"
points = 1


@test_case(points=1, hidden=False, success_message="Right for this run's parameters.")
def test_q5(run, q5_programs):
    exercises.check("q5", run, q5_programs=q5_programs)
