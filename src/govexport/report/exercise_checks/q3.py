"""Exercise 3 of chapter 9, in otter-grader's exception-based test format: `grader.check("q3")` in the notebook
runs it against the notebook's variables (each argument is read from the notebook by its name)."""

from otter.test_files import test_case

from govexport.report.pages import exercises

OK_FORMAT = False
name = "q3"
points = 1


@test_case(points=1, hidden=False, success_message="Right for this run's parameters.")
def test_q3(run, q3_share, q3_majority):
    exercises.check("q3", run, q3_share=q3_share, q3_majority=q3_majority)
