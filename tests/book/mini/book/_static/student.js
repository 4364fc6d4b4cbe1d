// student
